import { LossyvisionError, invalidParameter } from '../../errors.js';
import type { Metric } from '../../metrics/metric.js';
import { is } from '../../validate.js';
import type { DetectionGroundTruth, DetectionPrediction } from './types.js';
import { matchImage, toVocBox, vocAveragePrecision, type VocOutcome, type VocProtocol } from './voc-ap.js';

export interface VocResult {
  /** Mean of the per-class APs that are defined; null when none is. */
  mAP: number | null;
  /** AP at IoU 0.5 by category name; null for a class with no non-difficult ground truth. */
  perClass: Record<string, number | null>;
}

interface ClassState {
  npos: number;
  scores: number[];
  outcomes: VocOutcome[];
}

interface VocState {
  protocol: VocProtocol;
  classes: Record<string, ClassState>;
}

/**
 * PASCAL VOC detection AP as an accumulator. Matching happens per image in `update` (it only
 * ever involves one image's objects), so the state is, per class, the number of
 * non-difficult objects and the score and TP/FP outcome of every counted detection; ranking
 * and AP happen in `compute`. Equal scores rank in the order they were fed (update order,
 * then order within the image), the devkit's stable sort over a detection file written image
 * by image; `merge` appends the other accumulator's detections after this one's.
 *
 * COCO crowd regions (`iscrowd`) are treated as difficult: they neither count nor penalise.
 */
export class VocDetectionMetric implements Metric<DetectionPrediction, DetectionGroundTruth, VocResult> {
  readonly name: VocProtocol;
  private classes = new Map<number, ClassState>();

  /** `categories`: id → name; every class is reported, in this order. */
  constructor(
    readonly protocol: VocProtocol,
    readonly categories: ReadonlyMap<number, string>,
    readonly iouThreshold = 0.5,
  ) {
    this.name = protocol;
    for (const id of categories.keys()) this.classes.set(id, { npos: 0, scores: [], outcomes: [] });
  }

  update(prediction: DetectionPrediction, groundTruth: DetectionGroundTruth): void {
    // Checked before anything is counted, so a bad sample leaves the state untouched.
    for (const d of prediction.detections) {
      if (!this.classes.has(d.categoryId)) {
        throw new LossyvisionError('UNKNOWN_ID', `Unknown category_id ${d.categoryId}, expected one of: ${[...this.categories.keys()].join(', ')}`, {
          entry: `image ${prediction.imageId}`,
        });
      }
    }
    for (const [categoryId, state] of this.classes) {
      const gt = groundTruth.objects
        .filter((o) => o.categoryId === categoryId)
        .map((o) => ({ box: toVocBox(o.bbox), difficult: Boolean(o.difficult) || o.iscrowd }));
      const dets = prediction.detections
        .filter((d) => d.categoryId === categoryId)
        .map((d) => ({ box: toVocBox(d.bbox), score: d.score }));
      const match = matchImage(dets, gt, this.iouThreshold);
      state.npos += match.npos;
      for (let i = 0; i < match.scores.length; i++) {
        state.scores.push(match.scores[i]);
        state.outcomes.push(match.outcomes[i]);
      }
    }
  }

  merge(other: this): void {
    if (other.protocol !== this.protocol) throw invalidParameter(`protocol ${this.protocol}`, 'merged metric', other.protocol);
    for (const [id, theirs] of other.classes) {
      const mine = this.classes.get(id);
      if (!mine) throw invalidParameter('the same categories', 'merged metric', `category ${id}`);
      mine.npos += theirs.npos;
      mine.scores.push(...theirs.scores);
      mine.outcomes.push(...theirs.outcomes);
    }
  }

  compute(): VocResult {
    const perClass: Record<string, number | null> = {};
    const defined: number[] = [];
    for (const [id, state] of this.classes) {
      const ap = vocAveragePrecision(state.scores, state.outcomes, state.npos, this.protocol);
      perClass[this.categories.get(id)!] = ap;
      if (ap !== null) defined.push(ap);
    }
    const mAP = defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
    return { mAP, perClass };
  }

  state(): VocState {
    const classes: Record<string, ClassState> = {};
    for (const [id, s] of this.classes) classes[String(id)] = { npos: s.npos, scores: [...s.scores], outcomes: [...s.outcomes] };
    return { protocol: this.protocol, classes };
  }

  load(state: unknown): void {
    const s = state as VocState;
    if (!is.object(s) || s.protocol !== this.protocol || !is.object(s.classes)) {
      throw invalidParameter(`a ${this.protocol} metric state`, 'state', state);
    }
    const next = new Map<number, ClassState>();
    for (const id of this.categories.keys()) {
      const c = s.classes[String(id)];
      if (!is.object(c) || !is.integer(c.npos) || !Array.isArray(c.scores) || !Array.isArray(c.outcomes) || c.scores.length !== c.outcomes.length) {
        throw invalidParameter('npos, scores and outcomes', `state of category ${id}`, c);
      }
      next.set(id, { npos: c.npos, scores: [...c.scores], outcomes: [...c.outcomes] });
    }
    this.classes = next;
  }
}

/** One-shot VOC evaluation over paired per-image predictions and ground truth. */
export function evaluateVoc(
  protocol: VocProtocol,
  categories: ReadonlyMap<number, string>,
  pairs: Iterable<[DetectionPrediction, DetectionGroundTruth]>,
): VocResult {
  const metric = new VocDetectionMetric(protocol, categories);
  for (const [prediction, groundTruth] of pairs) metric.update(prediction, groundTruth);
  return metric.compute();
}
