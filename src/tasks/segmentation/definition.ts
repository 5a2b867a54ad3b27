import type { MetricValues } from '../../metrics/metric.js';
import type { MetricBinding, TaskDefinition } from '../registry.js';
import { SegmentationMetric } from './metric.js';
import type { LabelMap, SegmentationOptions, SegmentationResult } from './types.js';

/** Label maps up to 8 bits, 255 ignored: what a dataset without named classes is scored with. */
export const DEFAULT_SEGMENTATION_CLASSES = 256;

interface SegmentationDatasetInfo {
  format: string;
  categories?: ReadonlyMap<number, string>;
  /** Mask folders carry theirs (VOC and Cityscapes: 255). */
  ignoreIndex?: number;
}

/** Why a prediction is not a label map of whole numbers, or undefined. */
export function checkLabelMap(prediction: unknown): string | undefined {
  const p = prediction as Partial<LabelMap> | undefined;
  if (!p || !Number.isInteger(p.width) || !Number.isInteger(p.height) || !(p.width! > 0) || !(p.height! > 0)) {
    return 'expected a label map { width, height, data } with positive integer width and height';
  }
  if (!p.data || typeof p.data !== 'object' || p.data.length !== p.width! * p.height!) {
    return `expected ${p.width}×${p.height} = ${p.width! * p.height!} labels but received ${p.data?.length ?? 'none'}`;
  }
  return undefined;
}

/**
 * mIoU (TP+FP+FN > 0 convention), global and mean class accuracy and per-class IoU (`IoU <name>`
 * for named classes, `IoU <index>` otherwise, defined classes only). Classes come from the
 * dataset's categories; a dataset without them (plain mask folders, reference mode) is scored
 * over 256 labels, which leaves every mean unchanged because classes absent from both
 * prediction and ground truth are skipped.
 */
export function segmentationMetrics(dataset: SegmentationDatasetInfo, options: Partial<SegmentationOptions> = {}): MetricBinding[] {
  const names = dataset.categories;
  const numClasses = options.numClasses ?? (names && names.size > 0 ? [...names.keys()].reduce((a, b) => Math.max(a, b), -Infinity) + 1 : DEFAULT_SEGMENTATION_CLASSES);
  const metric = new SegmentationMetric({ numClasses, ignoreIndex: options.ignoreIndex ?? dataset.ignoreIndex ?? 255 });
  const values = (result: unknown): MetricValues => {
    const r = result as SegmentationResult;
    const out: MetricValues = { mIoU: r.mIoU, mIoUGtClasses: r.mIoUGtClasses, globalAcc: r.globalAcc, meanAcc: r.meanAcc, fwIoU: r.fwIoU };
    r.perClassIoU.forEach((iou, c) => {
      if (iou !== null || names?.has(c)) out[`IoU ${names?.get(c) ?? c}`] = iou;
    });
    return out;
  };
  return [{ metric, values, columns: ['globalAcc', 'meanAcc', 'mIoU'] }];
}

/** Segmentation with the class count and ignore label given by the user instead of the dataset's. */
export function createSegmentationTask(options: Partial<SegmentationOptions> = {}): TaskDefinition {
  return { ...segmentationTask, createMetrics: (dataset) => segmentationMetrics(dataset, options) };
}

export const segmentationTask: TaskDefinition = {
  id: 'segmentation',
  createMetrics: (dataset) => segmentationMetrics(dataset),
  // Reference mode: the pristine label map is the ground truth (there is no score to threshold).
  referenceGroundTruth: (pristine) => pristine,
  imageId: () => 0,
  bind: (prediction) => prediction,
  checkPrediction: checkLabelMap,
};
