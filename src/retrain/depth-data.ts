import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../datasets/dataset.js';
import type { DepthGroundTruth } from '../datasets/depth-folder.js';
import { LossyvisionError } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import type { DepthMap } from '../tasks/depth/types.js';
import { keptPositions, type LoadLabelledOptions } from './data.js';

/** A depth dataset held in memory: pristine images and their depth maps in metres (0 = no ground truth), pixel for pixel. */
export interface DepthImages {
  readonly source: string;
  readonly images: RgbImage[];
  readonly depths: DepthMap[];
  /** Depth has no classes; kept empty so the data is a TrainingSet like any other. */
  readonly classes: readonly string[];
}

/**
 * Reads a depth dataset (a depth folder: images/ + depth/ PNG or .npy maps) into memory. Data
 * without depth, or a map whose size differs from its image, fails here, before any training.
 */
export async function loadDepthImages(dataset: Dataset, source: string, options: LoadLabelledOptions = {}): Promise<DepthImages> {
  if (!dataset.labelled || dataset.format !== 'depth-folder') {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected depth training data (a depth folder: images/ + depth/ 16-bit PNGs or .npy maps) but ${dataset.format} data has no depth maps`, { file: source });
  }
  const keep = keptPositions(dataset.size, options);
  const images: RgbImage[] = [];
  const depths: DepthMap[] = [];
  let index = 0;
  for await (const sample of dataset.samples()) {
    const position = index++;
    if (keep && !keep.has(position)) continue;
    const gt = sample.groundTruth as Partial<DepthGroundTruth> | undefined;
    if (!gt || typeof gt.load !== 'function') {
      throw new LossyvisionError('INVALID_ARGUMENT', 'Expected a depth map for every training image but this one has none', { file: source, entry: sample.id });
    }
    const [image, depth] = await Promise.all([sample.load(), gt.load()]);
    if (image.width !== depth.width || image.height !== depth.height) {
      throw new LossyvisionError('INVALID_FILE', `Expected a ${image.width}×${image.height} depth map, the image's size, but it is ${depth.width}×${depth.height}`, { file: depth.file ?? source, entry: sample.id });
    }
    images.push(image);
    depths.push(depth);
  }
  return { source, images, depths, classes: [] };
}

/** Throws when no depth map has a single pixel with ground truth: there would be nothing to train on or score. */
export function checkDepthMaps(data: DepthImages): void {
  for (const d of data.depths) for (let i = 0; i < d.data.length; i++) if (d.data[i] > 0) return;
  if (data.depths.length) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected depth maps with ground truth (values > 0) but every pixel is 0 (no ground truth)', { file: data.source });
}

/**
 * Depth maps → a [N, H, W, 1] target in metres at the model's size; nearest-neighbour, so a
 * missing value (0) is never blended into a valid one.
 */
export function depthsToTensor(depths: readonly DepthMap[], height: number, width: number): tf.Tensor4D {
  const values = new Float32Array(depths.length * height * width);
  depths.forEach((d, n) => {
    for (let y = 0; y < height; y++) {
      const sy = Math.min(d.height - 1, Math.floor(((y + 0.5) * d.height) / height));
      for (let x = 0; x < width; x++) {
        const sx = Math.min(d.width - 1, Math.floor(((x + 0.5) * d.width) / width));
        values[(n * height + y) * width + x] = d.data[sy * d.width + sx];
      }
    }
  });
  return tf.tensor4d(values, [depths.length, height, width, 1]);
}

