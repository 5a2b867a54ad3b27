import type { MetricValues } from '../../metrics/metric.js';
import { userPoseAdapter } from '../../models/adapters/pose-formats.js';
import { repeatCocoImages } from '../detection/coco-repeat.js';
import { defineTask, type TaskDeclaration, type MetricBinding } from '../task.js';
import { CocoKeypointsMetric } from './coco-keypoints.js';
import { evalCocoPose } from './eval-coco.js';
import { POSE_OPTIONS } from './options.js';
import { PckMetric } from './pck.js';
import { poseReferenceGroundTruth, REFERENCE_KEYPOINT_THRESHOLD } from './reference.js';
import { peopleOf, type PoseGroundTruth, type PosePerson, type PosePrediction } from './types.js';
import { poseView } from './view.js';

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
 * metric (default PCKh@0.5); reference mode makes the pristine people the ground truth.
 */
export const pose: TaskDeclaration<'pose'> = defineTask({
  id: 'pose',
  metrics: (_dataset, options): MetricBinding[] => {
    const pck = new PckMetric(options.pck);
    return [
      { metric: new CocoKeypointsMetric(), values: (r) => r as MetricValues, value: (m, name) => (m as CocoKeypointsMetric).summaryValue(name) ?? null, orderFree: true, columns: ['AP', 'AP50', 'AP75'], headline: 'AP', repeat: repeatCocoImages },
      { metric: pck, values: (r) => r as MetricValues, columns: [pck.valueName], headline: pck.valueName, perClass: (m) => (m as PckMetric).perKeypoint() },
    ];
  },
  referenceGroundTruth: (pristine, sample, threshold, options) =>
    poseReferenceGroundTruth(peopleOf(pristine), sample, threshold, options.referenceKeypointThreshold ?? REFERENCE_KEYPOINT_THRESHOLD),
  imageId: (groundTruth) => (groundTruth as PoseGroundTruth).imageId,
  bind: (prediction, imageId): PosePrediction => ({ imageId, people: peopleOf(prediction) }),
  view: poseView,
  checkPrediction: checkPeople,
  options: POSE_OPTIONS,
  adapters: {
    // Top-down heatmap models (through loadModel the whole image is the person box) or Keypoint R-CNN.
    graph: async (runtime, settings, file) => userPoseAdapter(runtime, settings, file),
  },
  eval: { protocols: { coco: evalCocoPose }, default: 'coco' },
});
