import { createHash } from 'node:crypto';
import type * as tfl from '@tensorflow/tfjs-layers';

/** A Layers model's identity for prediction cache keys: its weights plus the adapter's settings. */
export async function layersModelHash(model: tfl.LayersModel, settings: unknown): Promise<string> {
  const hash = createHash('sha256');
  for (const w of model.getWeights()) hash.update(new Uint8Array((await w.data()).buffer));
  hash.update(JSON.stringify(settings));
  return hash.digest('hex');
}
