import type { MetricValues } from '../../metrics/metric.js';
import type { MetricBinding, TaskDefinition } from '../registry.js';
import { CocoKeypointsMetric } from './coco-keypoints.js';
import { PckMetric, type PckOptions } from './pck.js';
import { poseReferenceGroundTruth, REFERENCE_KEYPOINT_THRESHOLD } from './reference.js';
import type { PoseGroundTruth, PosePerson, PosePrediction } from './types.js';

export interface PoseTaskOptions {
  /** The PCK metric's settings; default PCKh@0.5 (head size: the ear-to-ear distance). */
  pck?: PckOptions;
  /** Reference mode: pristine keypoints scoring at least this are ground truth. */
  referenceKeypointThreshold?: number;
}

/** Pose models answer a list of people; the metrics want it tied to an image id. */
function peopleOf(prediction: unknown): PosePerson[] {
  return Array.isArray(prediction) ? (prediction as PosePerson[]) : (prediction as PosePrediction).people;
}

function checkPeople(prediction: unknown): string | undefined {
  const list = Array.isArray(prediction) ? prediction : (prediction as Partial<PosePrediction> | undefined)?.people;
  if (!Array.isArray(list)) return 'expected an array of people';
  for (const [i, p] of (list as PosePerson[]).entries()) {
    const ok =
      p && Number.isFinite(p.score) && Number.isInteger(p.categoryId) && Array.isArray(p.keypoints) &&
      p.keypoints.length > 0 && p.keypoints.length % 3 === 0 && p.keypoints.every((v) => Number.isFinite(v));
    if (!ok) return `person ${i}: expected { categoryId: integer, keypoints: [x, y, score, …] finite, score: finite }`;
  }
  return undefined;
}

/**
 * Human pose: COCO keypoint AP (OKS, pycocotools-identical) as the headline, PCK as a second
 * metric; reference mode makes the pristine people the ground truth.
 */
export function createPoseTask(options: PoseTaskOptions = {}): TaskDefinition {
  const keypointThreshold = options.referenceKeypointThreshold ?? REFERENCE_KEYPOINT_THRESHOLD;
  return {
    id: 'pose',
    createMetrics: (): MetricBinding[] => {
      const pck = new PckMetric(options.pck);
      return [
        { metric: new CocoKeypointsMetric(), values: (r) => r as MetricValues, columns: ['AP', 'AP50', 'AP75'] },
        { metric: pck, values: (r) => r as MetricValues, columns: [pck.valueName] },
      ];
    },
    referenceGroundTruth: (pristine, sample, threshold) => poseReferenceGroundTruth(peopleOf(pristine), sample, threshold, keypointThreshold),
    imageId: (groundTruth) => (groundTruth as PoseGroundTruth).imageId,
    bind: (prediction, imageId): PosePrediction => ({ imageId, people: peopleOf(prediction) }),
    checkPrediction: checkPeople,
  };
}

export const poseTask: TaskDefinition = createPoseTask();
