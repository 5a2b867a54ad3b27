import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError, quote } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import type { Detection } from '../../tasks/detection/types.js';
import type { LabelSpace } from '../../tasks/detection/label-space.js';
import { centerNetDetections, CENTERNET_TOP_K } from '../layers/centernet.js';
import { modelDetails } from '../layers/metadata.js';
import { detectorShape } from '../layers/shape.js';
import type { Model } from '../model.js';
import { layersModelHash } from './layers-hash.js';

/** The category ids a detector was trained on, from its metadata; COCO's 1, 2, … when it has none. */
function categoryIdsOf(model: tfl.LayersModel, classes: number, id: string): number[] {
  const ids = modelDetails(model).categoryIds;
  if (ids === undefined) return Array.from({ length: classes }, (_, k) => k + 1);
  if (!Array.isArray(ids) || ids.length > classes || !ids.every((v) => Number.isInteger(v))) {
    throw new LossyvisionError('INVALID_FILE', `Expected userDefinedMetadata.lossyvision.categoryIds to be at most ${classes} integer category ids (one per heatmap) but it is ${quote(JSON.stringify(ids) ?? String(ids))}`, { file: id });
  }
  return ids as number[];
}

/**
 * A TF.js Layers CenterNet-style detector (`ref:centernet` as retrained here, or a user model
 * with output [batch, H/s, W/s, classes + 4]) as a detection `Model`: the image in [0, 1] at the
 * model's input size (bilinear), 3×3 peak extraction and the top 100 boxes, in the image's pixels.
 * Heatmap k is category `categoryIds[k]` as the training data numbered it (saved in model.json).
 */
export async function layersDetectorModel(id: string, model: tfl.LayersModel): Promise<Model<Detection[]>> {
  const shape = detectorShape(model, id);
  const categoryIds = categoryIdsOf(model, shape.classes, id);
  // Trained here: the training data's class names are recorded beside its ids.
  const names = modelDetails(model).classes;
  const named = Array.isArray(names) && names.length === categoryIds.length && names.every((n) => typeof n === 'string');
  const labels: LabelSpace = { name: `the categories ${id} was trained on`, classes: categoryIds.map((c, k) => [c, named ? (names[k] as string) : null] as const) };
  return {
    id,
    task: 'detection',
    labels,
    hash: await layersModelHash(model, { adapter: 'layers-centernet', shape, categoryIds, topK: CENTERNET_TOP_K }),
    provenance: { runtime: `tfjs-layers ${tfl.version_layers}`, backend: tf.getBackend(), adapter: 'layers-centernet' },
    async predict(image: RgbImage): Promise<Detection[]> {
      return (await centerNetDetections(model, [image], shape, categoryIds))[0];
    },
    dispose: async () => undefined,
  };
}
