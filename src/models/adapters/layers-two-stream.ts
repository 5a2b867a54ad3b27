import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import { initLayersBackend } from '../layers/backend.js';
import { stackFrames, twoStreamInputs } from '../layers/clips.js';
import { loadLayersModel } from '../layers/io.js';
import { modelTask } from '../layers/metadata.js';
import { SPATIAL_SCORES, TEMPORAL_SCORES, twoStreamShape } from '../layers/shape.js';
import { layersModelHash } from './layers-hash.js';
import type { ActionModel } from './video-classifier.js';

/**
 * A TF.js Layers two-stream network (`ref:two-stream` as retrained here, or a user's with the
 * same inputs: a frame [H, W, 3] and stacked RGB differences [H, W, 3(T − 1)]) as an action
 * model: a clip of T frames in, the RGB differences computed from those (compressed) frames, the
 * fused softmax scores out, plus each stream's own when the network names them (SPATIAL_SCORES,
 * TEMPORAL_SCORES). Frames are stretched (bilinear) to the network's size.
 */
export async function layersTwoStreamModel(id: string, model: tfl.LayersModel): Promise<ActionModel> {
  const shape = twoStreamShape(model, id);
  const named = [SPATIAL_SCORES, TEMPORAL_SCORES].map((n) => model.layers.find((l) => l.name === n));
  const streams = named.every((l) => l !== undefined) ? ['spatial', 'temporal', 'fusion'] : ['fusion'];
  const scorer = streams.length === 3 ? tfl.model({ inputs: model.inputs, outputs: [named[0]!.output as tfl.SymbolicTensor, named[1]!.output as tfl.SymbolicTensor, model.outputs[0]] }) : model;
  return {
    id,
    hash: await layersModelHash(model, { adapter: 'layers-two-stream', shape, streams }),
    provenance: { runtime: `tfjs-layers ${tfl.version_layers}`, backend: tf.getBackend(), adapter: 'layers-two-stream', motion: 'rgbdiff' },
    streams,
    framesPerClip: shape.frames!,
    async scoreClip(frames: readonly RgbImage[]): Promise<Record<string, number[]>> {
      if (frames.length !== shape.frames) throw new LossyvisionError('INVALID_ARGUMENT', `Expected ${shape.frames} frames per clip but received ${frames.length}`, { file: id });
      const outputs = tf.tidy(() => {
        const out = scorer.predict(twoStreamInputs([stackFrames(frames)], shape));
        return Array.isArray(out) ? out : [out];
      });
      const values = await Promise.all(outputs.map(async (t) => Array.from(await t.data())));
      tf.dispose(outputs);
      return Object.fromEntries(streams.map((s, i) => [s, values[i]]));
    },
    dispose: async () => undefined,
  };
}

/** Loads a Layers model folder or model.json as a two-stream action model; one marked for another task is refused. */
export async function loadLayersTwoStream(spec: string): Promise<ActionModel> {
  await initLayersBackend();
  const model = await loadLayersModel(spec);
  const task = modelTask(model);
  if (task !== undefined && task !== 'action') throw new LossyvisionError('UNSUPPORTED', `Expected a Layers model for action recognition but this one is marked "${task}"`, { file: spec });
  return layersTwoStreamModel(spec, model);
}
