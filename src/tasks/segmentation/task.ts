import type { MetricValues } from '../../metrics/metric.js';
import { parseSegmentationConfig } from '../../models/adapters/segmentation-config.js';
import { segmentationAdapter } from '../../models/adapters/segmentation.js';
import { defineTask, type TaskDeclaration, type DatasetInfo, type MetricBinding, type PerClass } from '../task.js';
import { evalSegmentation } from './eval.js';
import { SEGMENTATION_OPTIONS } from './options.js';
import { SegmentationMetric } from './metric.js';
import type { LabelMap, SegmentationOptions, SegmentationResult } from './types.js';
import { segmentationView } from './view.js';

/** Label maps up to 8 bits, 255 ignored: what a dataset without named classes is scored with. */
export const DEFAULT_SEGMENTATION_CLASSES = 256;

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
export function segmentationMetrics(dataset: DatasetInfo, options: Partial<SegmentationOptions> = {}): MetricBinding[] {
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
  // Per class: the IoU of every class that is defined or named, as `values` lists them.
  const perClass = (m: unknown): PerClass => ({
    kind: 'class',
    value: 'IoU',
    classes: (m as SegmentationMetric).compute().perClassIoU.flatMap((iou, c) => (iou !== null || names?.has(c) ? [{ id: String(c), name: names?.get(c) ?? String(c), value: iou }] : [])),
  });
  // The study's table reads G, C, mIoU; mIoU is the one people compare.
  return [{ metric, values, columns: ['globalAcc', 'meanAcc', 'mIoU'], headline: 'mIoU', perClass }];
}

/** Semantic segmentation: mIoU, global and class accuracy; reference mode scores against the pristine label map. */
export const segmentation: TaskDeclaration<'segmentation'> = defineTask({
  id: 'segmentation',
  metrics: (dataset, options) => segmentationMetrics(dataset, options),
  // Reference mode: the pristine label map is the ground truth (there is no score to threshold).
  referenceGroundTruth: (pristine) => pristine,
  imageId: () => 0,
  bind: (prediction) => prediction,
  view: segmentationView,
  checkPrediction: checkLabelMap,
  options: SEGMENTATION_OPTIONS,
  adapters: {
    graph: async (runtime, settings, file) => segmentationAdapter(runtime, parseSegmentationConfig(settings, file)),
    layers: async (spec, layers) => (await import('../../models/adapters/layers-segmenter.js')).layersSegmenterModel(spec, layers),
  },
  eval: { protocols: { folders: evalSegmentation } },
  retrain: async () => (await import('../../retrain/tasks/segmentation.js')).segmentationRetrainTask,
});
