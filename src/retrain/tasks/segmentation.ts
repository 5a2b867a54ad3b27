import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RgbImage } from '../../media/image.js';
import { resizeNearest } from '../../models/calculators/resize-nearest.js';
import { segmenterShape, type ModelShape } from '../../models/layers/shape.js';
import { imagesToTensor } from '../../models/layers/tensors.js';
import { SegmentationMetric } from '../../tasks/segmentation/metric.js';
import { buildReferenceSegmenter } from '../architectures/segnet.js';
import { checkMaskLabels, largestLabel, loadSegmentedImages, masksToOneHot, type SegmentedImages } from '../segmentation-data.js';
import type { RetrainTask } from '../task.js';

/**
 * mIoU of a Layers segmenter on images against their masks: batched inference at the model's
 * size, per-pixel argmax, nearest-neighbour back to each mask's size (as the sweep's adapter
 * does), one confusion matrix over all images (the metric `run` and `eval` use).
 */
export async function meanIoU(model: tfl.LayersModel, images: readonly RgbImage[], data: SegmentedImages, shape: ModelShape, batchSize = 64): Promise<number | null> {
  if (images.length === 0) return null;
  const metric = new SegmentationMetric({ numClasses: shape.classes, ignoreIndex: data.ignoreIndex });
  for (let start = 0; start < images.length; start += batchSize) {
    const predicted = tf.tidy(() => tf.cast(tf.argMax(model.predict(imagesToTensor(images.slice(start, start + batchSize), shape)) as tf.Tensor, -1), 'int32'));
    const values = await predicted.data();
    predicted.dispose();
    const plane = shape.height * shape.width;
    for (let n = 0; n * plane < values.length; n++) {
      const mask = data.masks[start + n];
      const labels = Uint16Array.from(values.subarray(n * plane, (n + 1) * plane));
      const sized = mask.width === shape.width && mask.height === shape.height ? labels : resizeNearest(labels, shape.width, shape.height, mask.width, mask.height);
      metric.update({ width: mask.width, height: mask.height, data: sized }, mask);
    }
  }
  return metric.compute().mIoU;
}

/** Longest side of the reference network's input: larger images are scaled down, as training on two cores needs. */
const MAX_REFERENCE_SIDE = 256;

/**
 * The reference network's input size for a dataset: its most common image size, scaled down to
 * at most MAX_REFERENCE_SIDE on the long side and rounded to multiples of 8 (three 2× poolings).
 * Images and masks of other sizes are resized to it for training and scoring (bilinear and
 * nearest), and predictions are resized back to each mask's size, so mixed-size data (VOC) works.
 */
export function referenceInputSize(images: readonly RgbImage[]): { height: number; width: number } {
  const counts = new Map<string, { width: number; height: number; n: number }>();
  for (const { width, height } of images) {
    const key = `${width}x${height}`;
    const entry = counts.get(key) ?? { width, height, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  const common = [...counts.values()].reduce((a, b) => (b.n > a.n ? b : a));
  const scale = Math.min(1, MAX_REFERENCE_SIDE / Math.max(common.width, common.height));
  const round8 = (v: number): number => Math.max(8, 8 * Math.round((v * scale) / 8));
  return { height: round8(common.height), width: round8(common.width) };
}

/** Semantic segmentation: a class per pixel, per-pixel cross-entropy, mIoU; `ref:segnet`. */
export const segmentationRetrainTask: RetrainTask<SegmentedImages> = {
  id: 'segmentation',
  metric: 'mIoU',
  metricLabel: 'mIoU',
  reference: {
    id: 'ref:segnet',
    shape: (data) => ({
      ...referenceInputSize(data.images), channels: 3,
      classes: Math.max(2, data.classes.length, largestLabel(data) + 1),
    }),
    build: (shape, seed) => buildReferenceSegmenter(shape, seed),
  },
  modelShape: segmenterShape,
  load: (dataset, source, options) => loadSegmentedImages(dataset, source, options),
  checkLabels: checkMaskLabels,
  targets: (data, indices, shape) => masksToOneHot(indices.map((i) => data.masks[i]), shape.height, shape.width, shape.classes),
  score: (model, images, data, shape) => meanIoU(model, images, data, shape),
  sweepTaskOptions: (data, shape) => ({ numClasses: shape.classes, ignoreIndex: data.ignoreIndex }),
};
