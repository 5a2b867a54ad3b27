import type { Dataset } from '../datasets/dataset.js';
import { LossyvisionError } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import type { DetectionGroundTruth } from '../tasks/detection/types.js';
import { keptPositions, type LoadLabelledOptions } from './data.js';

/** A detection dataset held in memory: pristine images and their boxes, as the COCO reader gives them. */
export interface DetectionSet {
  readonly source: string;
  readonly images: RgbImage[];
  /** One per image, in the same order; boxes in the image's pixels. */
  readonly groundTruth: DetectionGroundTruth[];
  /** The dataset's category ids, ascending: heatmap channel k detects `categoryIds[k]`. */
  readonly categoryIds: number[];
  /** Their names, in the same order. */
  readonly classes: readonly string[];
}

/**
 * Reads a detection dataset (COCO, VOC) into memory. Data without boxes (unlabelled, or labelled
 * with no box at all), a sample without ground truth, or an image whose size differs from what its
 * annotations say fails here, before any training starts.
 */
export async function loadDetectionSet(dataset: Dataset, source: string, options: LoadLabelledOptions = {}): Promise<DetectionSet> {
  if (!dataset.labelled || !dataset.categories || dataset.categories.size === 0) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected detection training data with boxes and categories (COCO: images + instances JSON, Pascal VOC) but ${dataset.format} data has no boxes`, { file: source });
  }
  const keep = keptPositions(dataset.size, options);
  const images: RgbImage[] = [];
  const groundTruth: DetectionGroundTruth[] = [];
  let boxes = 0;
  let index = 0;
  for await (const sample of dataset.samples()) {
    const position = index++;
    if (keep && !keep.has(position)) continue;
    const gt = sample.groundTruth as Partial<DetectionGroundTruth> | undefined;
    if (!gt || !Array.isArray(gt.objects)) {
      throw new LossyvisionError('INVALID_ARGUMENT', 'Expected boxes (possibly none) for every training image but this one has no annotations', { file: source, entry: sample.id });
    }
    const image = await sample.load();
    if (image.width !== gt.width || image.height !== gt.height) {
      throw new LossyvisionError('INVALID_FILE', `Expected a ${gt.width}×${gt.height} image, as its annotations say, but it is ${image.width}×${image.height}`, { file: source, entry: sample.id });
    }
    boxes += gt.objects.filter((o) => !o.iscrowd).length;
    images.push(image);
    groundTruth.push(gt as DetectionGroundTruth);
  }
  if (images.length > 0 && boxes === 0) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected boxes to train and score a detector on but none of the ${images.length} images has one`, { file: source });
  }
  const categoryIds = [...dataset.categories.keys()].sort((a, b) => a - b);
  return { source, images, groundTruth, categoryIds, classes: categoryIds.map((id) => dataset.categories?.get(id) ?? String(id)) };
}

/** Checks the model has a heatmap for every category of the data. */
export function checkDetectionLabels(data: DetectionSet, classes: number, model: string): void {
  if (data.categoryIds.length > classes) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected at most ${classes} categories (the model's heatmaps) but ${data.source} has ${data.categoryIds.length}: ${data.classes.join(', ')}`, { file: model });
  }
}
