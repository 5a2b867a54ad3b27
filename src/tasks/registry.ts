import { unknownId } from '../errors.js';
import type { Metric, MetricValues } from '../metrics/metric.js';
import type { TaskName } from '../models/model.js';
import { CocoBboxMetric } from './detection/coco-bbox.js';
import { referenceGroundTruth } from './detection/reference.js';
import { VocDetectionMetric, type VocResult } from './detection/voc-metric.js';
import type { Detection, DetectionGroundTruth, DetectionPrediction } from './detection/types.js';
import { createPoseTask, poseTask, type PoseTaskOptions } from './pose/definition.js';
import { createSegmentationTask, segmentationTask } from './segmentation/definition.js';
import type { SegmentationOptions } from './segmentation/types.js';
import { createDepthTask, depthTask } from './depth/definition.js';
import type { DepthOptions } from './depth/types.js';
import { classificationTask } from './classification/definition.js';

/** A metric accumulator with the way to read its result as named numbers for tables and the store. */
export interface MetricBinding {
  // The sweep feeds predictions and ground truth through opaquely; each task keeps its own types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly metric: Metric<any, any, unknown>;
  /** Flattens `compute()` into named numbers (null = undefined, never 0). */
  values(result: unknown): MetricValues;
  /** The value names shown in the study-layout table, in order; the store keeps all of them. */
  readonly columns: readonly string[];
}

/** What the sweep needs from a task: metrics, ground truth (labelled or reference) and checks. */
export interface TaskDefinition {
  readonly id: TaskName;
  createMetrics(dataset: { format: string; categories?: ReadonlyMap<number, string> }): MetricBinding[];
  /** Ground truth from the model's pristine prediction, for unlabelled data. */
  referenceGroundTruth(pristine: unknown, sample: { imageId: number; width: number; height: number }, threshold: number): unknown;
  /** The image id a sample's ground truth uses; predictions are bound to it before scoring. */
  imageId(groundTruth: unknown): number;
  /** Makes a model's prediction refer to the image its ground truth describes. */
  bind(prediction: unknown, imageId: number): unknown;
  /** Why a prediction is malformed, or undefined when it is well-formed. */
  checkPrediction(prediction: unknown): string | undefined;
}

/** Detection models answer a list of detections; the metrics want it tied to an image id. */
function detectionsOf(prediction: unknown): Detection[] {
  return Array.isArray(prediction) ? (prediction as Detection[]) : (prediction as DetectionPrediction).detections;
}

function checkDetections(prediction: unknown): string | undefined {
  const list = Array.isArray(prediction) ? prediction : (prediction as Partial<DetectionPrediction> | undefined)?.detections;
  if (!Array.isArray(list)) return 'expected an array of detections';
  for (const [i, d] of (list as Detection[]).entries()) {
    const ok =
      d && Number.isFinite(d.score) && Number.isInteger(d.categoryId) && Array.isArray(d.bbox) &&
      d.bbox.length === 4 && d.bbox.every((v) => Number.isFinite(v));
    if (!ok) return `detection ${i}: expected { categoryId: integer, bbox: [x, y, w, h] finite, score: finite }`;
  }
  return undefined;
}

/** COCO box AP everywhere (the study's headline numbers); VOC data also gets its own VOC07 mAP. */
function detectionMetrics(dataset: { format: string; categories?: ReadonlyMap<number, string> }): MetricBinding[] {
  const bindings: MetricBinding[] = [{ metric: new CocoBboxMetric(), values: (r) => r as MetricValues, columns: ['AP', 'AP50', 'AP75'] }];
  if (dataset.format === 'voc' && dataset.categories) {
    bindings.push({ metric: new VocDetectionMetric('voc07', dataset.categories), values: (r) => ({ mAP: (r as VocResult).mAP }), columns: ['mAP'] });
  }
  return bindings;
}

const detectionTask: TaskDefinition = {
  id: 'detection',
  createMetrics: (dataset) => detectionMetrics(dataset),
  referenceGroundTruth: (pristine, sample, threshold) => referenceGroundTruth({ imageId: sample.imageId, detections: detectionsOf(pristine) }, sample, threshold),
  imageId: (groundTruth) => (groundTruth as DetectionGroundTruth).imageId,
  bind: (prediction, imageId): DetectionPrediction => ({ imageId, detections: detectionsOf(prediction) }),
  checkPrediction: checkDetections,
};

export const tasks: ReadonlyMap<string, TaskDefinition> = new Map<string, TaskDefinition>([
  ['detection', detectionTask],
  ['pose', poseTask],
  ['segmentation', segmentationTask],
  ['depth', depthTask],
  ['classification', classificationTask],
]);

/**
 * Metric settings a user may change (`run --max-depth`, `--pck-alpha`, `--num-classes`, …), one
 * flat object: each task takes the fields that concern it and ignores the rest.
 */
export type TaskOptions = PoseTaskOptions & Partial<DepthOptions> & Partial<SegmentationOptions>;

/** Tasks whose definition depends on TaskOptions; the others ignore them. */
const configurable: ReadonlyMap<string, (options: TaskOptions) => TaskDefinition> = new Map<string, (options: TaskOptions) => TaskDefinition>([
  ['pose', (o) => createPoseTask(o)],
  ['depth', (o) => createDepthTask({ minDepthM: o.minDepthM, maxDepthM: o.maxDepthM, crop: o.crop })],
  ['segmentation', (o) => createSegmentationTask({ numClasses: o.numClasses, ignoreIndex: o.ignoreIndex })],
]);

export function getTask(id: string, options?: TaskOptions): TaskDefinition {
  const task = tasks.get(id);
  if (!task) throw unknownId('task', id, tasks.keys());
  const create = configurable.get(id);
  return options && create ? create(options) : task;
}
