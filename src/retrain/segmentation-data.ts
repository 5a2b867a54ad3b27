import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../datasets/dataset.js';
import type { SegmentationGroundTruth } from '../datasets/mask-folder.js';
import { LossyvisionError } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import { resizeNearest } from '../models/calculators/resize-nearest.js';
import type { LabelMap } from '../tasks/segmentation/types.js';
import { keptPositions, type LoadLabelledOptions } from './data.js';

/** A segmentation dataset held in memory: pristine images and their masks, pixel for pixel. */
export interface SegmentedImages {
  readonly source: string;
  readonly images: RgbImage[];
  readonly masks: LabelMap[];
  /** Class names in label order, when the dataset names them. */
  readonly classes: readonly string[];
  /** Mask value that marks pixels neither trained on nor scored (VOC, Cityscapes: 255). */
  readonly ignoreIndex: number;
}

/**
 * Reads a mask dataset (images + index-PNG masks) into memory. Data without masks, a missing
 * mask, or a mask whose size differs from its image fails here, before any training starts.
 */
export async function loadSegmentedImages(dataset: Dataset, source: string, options: LoadLabelledOptions = {}): Promise<SegmentedImages> {
  const masked = dataset as Dataset & { ignoreIndex?: number; classes?: readonly string[] };
  if (!dataset.labelled || masked.ignoreIndex === undefined) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected segmentation training data with masks (a mask folder: images/ + masks/, VOC, Cityscapes) but ${dataset.format} data has no masks`, { file: source });
  }
  const keep = keptPositions(dataset.size, options);
  const images: RgbImage[] = [];
  const masks: LabelMap[] = [];
  let index = 0;
  for await (const sample of dataset.samples()) {
    const position = index++;
    if (keep && !keep.has(position)) continue;
    const gt = sample.groundTruth as Partial<SegmentationGroundTruth> | undefined;
    if (!gt || typeof gt.load !== 'function') {
      throw new LossyvisionError('INVALID_ARGUMENT', 'Expected a mask for every training image but this one has none', { file: source, entry: sample.id });
    }
    const [image, mask] = await Promise.all([sample.load(), gt.load()]);
    if (image.width !== mask.width || image.height !== mask.height) {
      throw new LossyvisionError('INVALID_FILE', `Expected a ${image.width}×${image.height} mask, the image's size, but it is ${mask.width}×${mask.height}`, { file: mask.file ?? source, entry: sample.id });
    }
    images.push(image);
    masks.push(mask);
  }
  return { source, images, masks, classes: masked.classes ? [...masked.classes] : [], ignoreIndex: masked.ignoreIndex };
}

/** The largest label in the masks other than the ignore index (−1 when there is none). */
export function largestLabel(data: SegmentedImages): number {
  let max = -1;
  for (const mask of data.masks) {
    for (let i = 0; i < mask.data.length; i++) {
      const v = mask.data[i];
      if (v > max && v !== data.ignoreIndex) max = v;
    }
  }
  return max;
}

/** Checks that every mask label (other than the ignore index) is one of the model's classes. */
export function checkMaskLabels(data: SegmentedImages, classes: number, model: string): void {
  const max = largestLabel(data);
  if (max >= classes) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected mask labels below the model's ${classes} classes (or the ignore index ${data.ignoreIndex}) but ${data.source} has label ${max}`, { file: model });
  }
}

/**
 * Masks → one-hot [N, H, W, classes] targets at the model's size (nearest-neighbour, so labels
 * are never blended). Ignored pixels get an all-zero row: they add nothing to the cross-entropy.
 */
export function masksToOneHot(masks: readonly LabelMap[], height: number, width: number, classes: number): tf.Tensor4D {
  const labels = new Int32Array(masks.length * height * width);
  masks.forEach((mask, n) => {
    const data = mask.width === width && mask.height === height ? mask.data : resizeNearest(Uint16Array.from(mask.data), mask.width, mask.height, width, height);
    // An out-of-range index one-hot encodes to zeros: that is how the ignore index is left out.
    for (let i = 0; i < height * width; i++) labels[n * height * width + i] = data[i] < classes ? data[i] : -1;
  });
  return tf.tidy(() => tf.oneHot(tf.tensor(labels, [masks.length, height, width], 'int32'), classes) as tf.Tensor4D);
}
