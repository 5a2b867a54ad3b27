import { invalidParameter, LossyvisionError } from '../../errors.js';
import type { Metric, MetricValues } from '../../metrics/metric.js';
import { is } from '../../validate.js';
import type { PerClass } from '../task.js';
import { COCO_KEYPOINT_NAMES, KP } from './keypoint-names.js';
import { matchPeopleByOks } from './match.js';
import type { Keypoints, PoseGroundTruth, PoseGroundTruthPerson, PosePrediction } from './types.js';

/**
 * What a keypoint's error is measured against, per ground-truth person:
 * - torso: the distance from the left shoulder to the right hip (the LSP PCK convention), or
 *   from the right shoulder to the left hip when one of the first pair is unlabelled;
 * - head: COCO has no head box, so MPII's head size (0.6 × head-box diagonal) is stood in for
 *   by the distance between the two ears, which measures the same head width (≈ 15 cm).
 * A person whose reference points are not both labelled cannot be scored and is counted as skipped.
 */
export type PckReference = 'torso' | 'head';

export interface PckOptions {
  /** Fraction of the reference size within which a keypoint is correct; default 0.5. */
  alpha?: number;
  /** Default 'head' (PCKh, MPII-style). */
  reference?: PckReference;
  /** Keypoint names in order; default COCO's 17. */
  keypointNames?: readonly string[];
}

interface PckState {
  correct: number[];
  total: number[];
  skipped: number;
}

const labelled = (k: Keypoints, i: number): boolean => k[3 * i + 2] > 0;
const distance = (a: Keypoints, i: number, b: Keypoints, j: number): number => Math.hypot(a[3 * i] - b[3 * j], a[3 * i + 1] - b[3 * j + 1]);

const REFERENCE_SIZES: ReadonlyMap<PckReference, (k: Keypoints) => number | undefined> = new Map<PckReference, (k: Keypoints) => number | undefined>([
  ['torso', (k) => {
    for (const [a, b] of [[KP.left_shoulder, KP.right_hip], [KP.right_shoulder, KP.left_hip]]) {
      if (labelled(k, a) && labelled(k, b)) return distance(k, a, k, b);
    }
    return undefined;
  }],
  ['head', (k) => (labelled(k, KP.left_ear) && labelled(k, KP.right_ear) ? distance(k, KP.left_ear, k, KP.right_ear) : undefined)],
]);

/**
 * Percentage of correct keypoints: a labelled ground-truth keypoint counts as found when the
 * matched prediction's keypoint lies within alpha × the person's reference size (distance ≤
 * threshold, as MPII's evaluation counts). People are paired greedily by OKS (see matchPeopleByOks);
 * an unmatched ground-truth person's labelled keypoints all count as missed; predictions with no
 * ground truth do not count (PCK measures localisation, not false alarms).
 * Values: the overall fraction under `valueName` (e.g. "PCKh@0.5"), one per keypoint name, and
 * `skipped` (people without a reference size). Null where no keypoint was labelled.
 */
export class PckMetric implements Metric<PosePrediction, PoseGroundTruth, MetricValues> {
  readonly name: string;
  readonly valueName: string;
  readonly alpha: number;
  readonly reference: PckReference;
  readonly keypointNames: readonly string[];
  private s: PckState;

  constructor(options: PckOptions = {}) {
    this.alpha = options.alpha ?? 0.5;
    this.reference = options.reference ?? 'head';
    this.keypointNames = options.keypointNames ?? COCO_KEYPOINT_NAMES;
    if (!is.number(this.alpha) || this.alpha <= 0) throw invalidParameter('positive number', 'alpha', this.alpha);
    if (!REFERENCE_SIZES.has(this.reference)) throw invalidParameter(`one of: ${[...REFERENCE_SIZES.keys()].join(', ')}`, 'reference', this.reference);
    this.valueName = `${this.reference === 'head' ? 'PCKh' : 'PCK'}@${this.alpha}`;
    this.name = this.valueName.toLowerCase();
    this.s = this.empty();
  }

  private empty(): PckState {
    const K = this.keypointNames.length;
    return { correct: new Array<number>(K).fill(0), total: new Array<number>(K).fill(0), skipped: 0 };
  }

  update(prediction: PosePrediction, groundTruth: PoseGroundTruth): void {
    if (prediction.imageId !== groundTruth.imageId) {
      throw new LossyvisionError('INVALID_ARGUMENT', `prediction for image ${prediction.imageId} was paired with ground truth of image ${groundTruth.imageId}`);
    }
    const K = this.keypointNames.length;
    const people = prediction.people;
    const matches = matchPeopleByOks(people, groundTruth.people);
    const size = REFERENCE_SIZES.get(this.reference)!;
    groundTruth.people.forEach((g: PoseGroundTruthPerson, j) => {
      if (g.iscrowd || g.numKeypoints === 0) return;
      if (g.keypoints.length !== 3 * K) throw invalidParameter(`${3 * K} keypoint numbers`, `the keypoints of ground truth ${g.id}`, g.keypoints.length);
      const ref = size(g.keypoints);
      if (ref === undefined) {
        this.s.skipped++;
        return;
      }
      const match = matches[j] >= 0 ? people[matches[j]].keypoints : undefined;
      for (let k = 0; k < K; k++) {
        if (!labelled(g.keypoints, k)) continue;
        this.s.total[k]++;
        if (match && distance(match, k, g.keypoints, k) <= this.alpha * ref) this.s.correct[k]++;
      }
    });
  }

  merge(other: PckMetric): void {
    other.s.correct.forEach((v, k) => (this.s.correct[k] += v));
    other.s.total.forEach((v, k) => (this.s.total[k] += v));
    this.s.skipped += other.s.skipped;
  }

  compute(): MetricValues {
    const ratio = (c: number, t: number): number | null => (t > 0 ? c / t : null);
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    const values: MetricValues = { [this.valueName]: ratio(sum(this.s.correct), sum(this.s.total)) };
    this.keypointNames.forEach((n, k) => (values[n] = ratio(this.s.correct[k], this.s.total[k])));
    values.skipped = this.s.skipped;
    return values;
  }

  /**
   * PCK per keypoint: the share of that keypoint's labelled ground-truth instances found within
   * alpha × the person's reference size (the per-keypoint values of `compute`), null where none is labelled.
   */
  perKeypoint(): PerClass {
    return {
      kind: 'keypoint',
      value: this.valueName,
      classes: this.keypointNames.map((name, k) => ({ id: String(k), name, value: this.s.total[k] > 0 ? this.s.correct[k] / this.s.total[k] : null })),
    };
  }

  state(): unknown {
    return { correct: [...this.s.correct], total: [...this.s.total], skipped: this.s.skipped };
  }

  load(state: unknown): void {
    const K = this.keypointNames.length;
    const s = state as Partial<PckState> | null;
    const counts = (a: unknown): a is number[] => Array.isArray(a) && a.length === K && a.every((v) => is.integer(v) && v >= 0);
    if (!s || !counts(s.correct) || !counts(s.total) || !is.integer(s.skipped)) {
      throw invalidParameter(`{ correct, total: ${K} counts each, skipped }`, `${this.name} state`, state);
    }
    this.s = { correct: [...s.correct], total: [...s.total], skipped: s.skipped };
  }
}
