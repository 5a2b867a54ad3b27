import { invalidParameter, LossyvisionError } from '../../errors.js';
import type { Direction, MetricValues } from '../../metrics/metric.js';
import type { CocoDtEntry, CocoGtEntry } from '../detection/coco-evaluate-image.js';
import { CategoryGroups, CocoImageMetric } from '../detection/coco-metric.js';
import { COCO_KEYPOINTS_PARAMS } from '../detection/coco-params.js';
import { is } from '../../validate.js';
import { COCO_KEYPOINT_SIGMAS, keypointOks, type OksGroundTruth } from './oks.js';
import type { Keypoints, PoseGroundTruth, PosePerson, PosePrediction } from './types.js';

/** The 10 statistics of pycocotools' keypoint summary, in its order. */
export const COCO_KEYPOINTS_KEYS = COCO_KEYPOINTS_PARAMS.summary.map((s) => s.key);

export const COCO_KEYPOINTS_DIRECTION: Direction = 'higher';

export interface CocoKeypointsOptions {
  /** Per-keypoint OKS sigmas; their count is the number of keypoints. Default: COCO's 17. */
  sigmas?: readonly number[];
}

interface PersonDt extends CocoDtEntry {
  keypoints: Keypoints;
}
interface PersonGt extends CocoGtEntry, OksGroundTruth {}

/**
 * COCO keypoint AP/AR, identical to pycocotools' `COCOeval(iouType='keypoints')`: OKS matching,
 * at most 20 people per image and category, crowds and people with no labelled keypoint ignored.
 */
export class CocoKeypointsMetric extends CocoImageMetric<PosePrediction, PoseGroundTruth> {
  readonly name = 'coco-keypoints';
  readonly sigmas: readonly number[];

  constructor(options: CocoKeypointsOptions = {}) {
    super(COCO_KEYPOINTS_PARAMS);
    const sigmas = options.sigmas ?? COCO_KEYPOINT_SIGMAS;
    if (sigmas.length === 0 || !sigmas.every((s) => is.number(s) && s > 0)) {
      throw invalidParameter('a non-empty list of positive numbers', 'sigmas', sigmas);
    }
    this.sigmas = [...sigmas];
  }

  update(prediction: PosePrediction, groundTruth: PoseGroundTruth): void {
    const length = 3 * this.sigmas.length;
    const groups = new CategoryGroups<PersonDt, PersonGt>();
    for (const p of groundTruth.people) {
      if (p.keypoints.length !== length) throw keypointCount(length, p.keypoints, `ground truth ${p.id} of image ${groundTruth.imageId}`);
      const ignore = p.iscrowd || p.numKeypoints === 0;
      groups.addGroundTruth(p.categoryId, { id: p.id, area: p.area, iscrowd: p.iscrowd, ignore, keypoints: p.keypoints, bbox: p.bbox });
    }
    for (const p of prediction.people) {
      if (p.keypoints.length !== length) throw keypointCount(length, p.keypoints, `a prediction for image ${prediction.imageId}`);
      groups.addDetection(p.categoryId, { score: p.score, area: personArea(p), keypoints: p.keypoints });
    }
    this.addImage(prediction, groundTruth, groups, this.oks);
  }

  /** Made once, not per image (see byScoreDescending in coco-evaluate-image.ts). */
  private readonly oks = (dts: readonly PersonDt[], gts: readonly PersonGt[]): Float64Array => keypointOks(dts.map(keypointsOf), gts, this.sigmas);
}

function keypointsOf(person: PersonDt): Keypoints {
  return person.keypoints;
}

/** The area `loadRes` gives a keypoint result: its box's w·h, else the extent of all its keypoints. */
export function personArea(person: PosePerson): number {
  if (person.bbox) return person.bbox[2] * person.bbox[3];
  const k = person.keypoints;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < k.length; i += 3) {
    x0 = Math.min(x0, k[i]);
    x1 = Math.max(x1, k[i]);
    y0 = Math.min(y0, k[i + 1]);
    y1 = Math.max(y1, k[i + 1]);
  }
  return (x1 - x0) * (y1 - y0);
}

function keypointCount(length: number, keypoints: Keypoints, what: string): LossyvisionError {
  return invalidParameter(`${length} keypoint numbers (x, y, v per sigma)`, `the keypoints of ${what}`, keypoints.length);
}

/** One-shot COCO keypoint evaluation of paired predictions and ground truth. */
export function evaluateCocoKeypoints(pairs: Iterable<[PosePrediction, PoseGroundTruth]>, options?: CocoKeypointsOptions): MetricValues {
  const metric = new CocoKeypointsMetric(options);
  for (const [prediction, groundTruth] of pairs) metric.update(prediction, groundTruth);
  return metric.compute();
}
