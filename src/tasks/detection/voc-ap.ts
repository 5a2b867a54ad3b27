import type { Box } from './types.js';

/**
 * The PASCAL VOC detection maths (VOCevaldet.m / VOCap.m of the official devkit), as pure
 * functions shared by the accumulator and one-shot use.
 *
 * Boxes. The devkit works on 1-based inclusive pixel boxes [xmin, ymin, xmax, ymax] and
 * measures a side as `xmax - xmin + 1`. lossyvision carries COCO-style [x, y, w, h] boxes
 * everywhere, related to VOC's by the usual conversion (the one VOC→COCO converters use):
 * x = xmin - 1, w = xmax - xmin + 1. `toVocBox` inverts it (xmin = x + 1, xmax = x + w), so a
 * VOC XML box round-trips exactly and the devkit's "+1" IoU on the converted boxes equals the
 * plain continuous IoU of the COCO boxes.
 *
 * Where the devkit and py-faster-rcnn's voc_eval.py differ, lossyvision follows the devkit:
 * - a detection matches at IoU >= 0.5 (voc_eval.py: > 0.5);
 * - equal scores keep their input order (MATLAB's stable `sort`; numpy's quicksort does not);
 * - precision is 0/0 = NaN while only "difficult" matches have been seen; MATLAB's `max`
 *   skips NaN, numpy's propagates it into AP. Here such points are simply absent.
 * - the 11 recall thresholds are t = i/10 compared exactly (np.arange gives 0.30000000000000004,
 *   0.6000000000000001, 0.7000000000000001, which miss a recall of exactly 3/10, 3/5, 7/10).
 */

/** [xmin, ymin, xmax, ymax], 1-based inclusive pixel coordinates. */
export type VocBox = [number, number, number, number];

export function toVocBox(box: Box): VocBox {
  const [x, y, w, h] = box;
  return [x + 1, y + 1, x + w, y + h];
}

export function fromVocBox(box: VocBox): Box {
  const [xmin, ymin, xmax, ymax] = box;
  return [xmin - 1, ymin - 1, xmax - xmin + 1, ymax - ymin + 1];
}

/** The devkit's overlap; 0 when the boxes do not intersect by at least one pixel. */
export function vocIou(a: VocBox, b: VocBox): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1;
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1;
  if (!(iw > 0 && ih > 0)) return 0;
  const union = (a[2] - a[0] + 1) * (a[3] - a[1] + 1) + (b[2] - b[0] + 1) * (b[3] - b[1] + 1) - iw * ih;
  return (iw * ih) / union;
}

/** Outcome of one detection: 1 true positive, 0 false positive. "Difficult" matches are dropped. */
export type VocOutcome = 0 | 1;

export interface VocGroundTruthBox {
  box: VocBox;
  difficult: boolean;
}

export interface VocMatch {
  /** Scores of the counted detections, in the order they were ranked within the image. */
  scores: number[];
  outcomes: VocOutcome[];
  /** Ground-truth objects that count towards recall (not difficult). */
  npos: number;
}

/**
 * Matches one image's detections of one class to its ground truth, greedily by descending
 * score (stable), exactly as the devkit: the best-overlapping object (first on ties) is taken;
 * at IoU >= threshold a not-yet-detected object makes a TP, an already-detected one a FP
 * (duplicate), a difficult one neither; below threshold the detection is a FP.
 */
export function matchImage(
  detections: readonly { box: VocBox; score: number }[],
  groundTruth: readonly VocGroundTruthBox[],
  iouThreshold = 0.5,
): VocMatch {
  const order = detections.map((_, i) => i).sort((i, j) => detections[j].score - detections[i].score || i - j);
  const detected = new Array<boolean>(groundTruth.length).fill(false);
  const scores: number[] = [];
  const outcomes: VocOutcome[] = [];
  for (const d of order) {
    const { box, score } = detections[d];
    let best = -Infinity;
    let jmax = -1;
    for (let j = 0; j < groundTruth.length; j++) {
      const iou = vocIou(box, groundTruth[j].box);
      if (iou > 0 && iou > best) {
        best = iou;
        jmax = j;
      }
    }
    if (best >= iouThreshold) {
      if (groundTruth[jmax].difficult) continue;
      outcomes.push(detected[jmax] ? 0 : 1);
      detected[jmax] = true;
    } else {
      outcomes.push(0);
    }
    scores.push(score);
  }
  return { scores, outcomes, npos: groundTruth.filter((g) => !g.difficult).length };
}

export type VocProtocol = 'voc07' | 'voc12';

/** 11-point interpolated AP (VOC2007): mean over t = 0, 0.1, …, 1 of max precision at recall ≥ t. */
function elevenPointAp(tp: Float64Array, fp: Float64Array, npos: number): number {
  let ap = 0;
  for (let i = 0; i <= 10; i++) {
    // rec >= i/10  ⇔  10·tp >= i·npos, compared in integers so no threshold rounding leaks in.
    let p = 0;
    for (let k = 0; k < tp.length; k++) {
      if (10 * tp[k] >= i * npos) p = Math.max(p, tp[k] / (tp[k] + fp[k]));
    }
    ap += p / 11;
  }
  return ap;
}

/** All-point AP (VOC2010+): area under the monotone precision envelope (VOCap.m). */
function allPointAp(tp: Float64Array, fp: Float64Array, npos: number): number {
  const n = tp.length;
  const mrec = new Float64Array(n + 2);
  const mpre = new Float64Array(n + 2);
  for (let k = 0; k < n; k++) {
    mrec[k + 1] = tp[k] / npos;
    mpre[k + 1] = tp[k] / (tp[k] + fp[k]);
  }
  mrec[n + 1] = 1;
  for (let i = n; i >= 0; i--) mpre[i] = Math.max(mpre[i], mpre[i + 1]);
  let ap = 0;
  for (let i = 1; i <= n + 1; i++) {
    if (mrec[i] !== mrec[i - 1]) ap += (mrec[i] - mrec[i - 1]) * mpre[i];
  }
  return ap;
}

export const VOC_AP = new Map<VocProtocol, (tp: Float64Array, fp: Float64Array, npos: number) => number>([
  ['voc07', elevenPointAp],
  ['voc12', allPointAp],
]);

/**
 * AP of one class from its counted detections over the whole dataset. Detections are ranked
 * by descending score; equal scores keep the given order (stable). `null` when the class has
 * no non-difficult ground truth (recall is undefined).
 */
export function vocAveragePrecision(
  scores: readonly number[],
  outcomes: readonly VocOutcome[],
  npos: number,
  protocol: VocProtocol,
): number | null {
  if (npos === 0) return null;
  const order = scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j);
  const tp = new Float64Array(order.length);
  const fp = new Float64Array(order.length);
  let tpSum = 0;
  let fpSum = 0;
  order.forEach((i, k) => {
    if (outcomes[i] === 1) tpSum++;
    else fpSum++;
    tp[k] = tpSum;
    fp[k] = fpSum;
  });
  return VOC_AP.get(protocol)!(tp, fp, npos);
}
