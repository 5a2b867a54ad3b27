import type { CocoParams } from './coco-params.js';

/** A ground-truth object as COCOeval sees it. */
export interface CocoGtEntry {
  readonly id: number;
  /** The annotation's `area` field, which decides its size range. */
  readonly area: number;
  readonly iscrowd: boolean;
  /** pycocotools' `ignore`: crowd (and, for keypoints, no labelled keypoints). */
  readonly ignore: boolean;
}

/** A detection as COCOeval sees it, after `loadRes` has given it an area. */
export interface CocoDtEntry {
  readonly score: number;
  readonly area: number;
}

/** Ground truth and detections of one category on one image, each in file order. */
export interface CocoCategoryGroup<D extends CocoDtEntry, G extends CocoGtEntry> {
  readonly categoryId: number;
  readonly detections: readonly D[];
  readonly groundTruth: readonly G[];
}

/** Similarity of every (detection, ground truth) pair, row-major [detection][ground truth]. */
export type CocoSimilarity<D, G> = (detections: readonly D[], groundTruth: readonly G[]) => Float64Array;

/**
 * What `evaluateImg` leaves for one image, packed: per category its top detections' scores and,
 * per area range, one bit per threshold saying matched / ignored. The IoU matrices are dropped
 * as soon as the image is matched, so memory grows with detections, not with their pairs.
 */
export interface CocoImageEvaluation {
  readonly imageId: number;
  /** Category ids of the groups, in the order they were evaluated. */
  readonly categoryIds: Float64Array;
  /** Detections of category c are `offsets[c] … offsets[c+1]−1`, sorted by score. */
  readonly offsets: Uint32Array;
  readonly scores: Float64Array;
  /** [area range][detection]: bit t set when matched to a ground truth with a non-zero id at threshold t. */
  readonly matched: Uint16Array;
  /** [area range][detection]: bit t set when ignored at threshold t. */
  readonly ignored: Uint16Array;
  /** [category][area range]: ground-truth objects that count (pycocotools' `gtIgnore == 0`). */
  readonly counted: Uint32Array;
}

/** `np.argsort(-scores, kind='mergesort')`: descending, ties kept in input order (Array#sort is stable). */
export function sortByScore<D extends CocoDtEntry>(detections: readonly D[]): D[] {
  return [...detections].sort(byScoreDescending);
}

// Module-level, not a closure per call: tsx (the benches' loader) wraps every function it
// creates in __name, which at one or more per image is a cost of its own.
function byScoreDescending(a: CocoDtEntry, b: CocoDtEntry): number {
  return a.score > b.score ? -1 : a.score < b.score ? 1 : 0;
}

/**
 * pycocotools' `computeIoU`/`computeOks` + `evaluateImg` for every category of one image: greedy
 * matching in score order, crowds matchable many times, ignored ground truth sorted last and only
 * taken when no counted one matches, unmatched detections outside the area range ignored.
 */
export function evaluateImage<D extends CocoDtEntry, G extends CocoGtEntry>(
  imageId: number,
  groups: readonly CocoCategoryGroup<D, G>[],
  similarity: CocoSimilarity<D, G>,
  params: CocoParams,
): CocoImageEvaluation {
  const T = params.iouThresholds.length;
  if (T > 16) throw new RangeError(`at most 16 IoU thresholds are supported, got ${T}`);
  const A = params.areaRanges.length;
  const maxDet = params.maxDetections[params.maxDetections.length - 1];
  const kept: CocoCategoryGroup<D, G>[] = [];
  const sorted: D[][] = [];
  let total = 0;
  for (const g of groups) {
    if (g.detections.length === 0 && g.groundTruth.length === 0) continue;
    const dts = sortByScore(g.detections).slice(0, maxDet);
    kept.push(g);
    sorted.push(dts);
    total += dts.length;
  }

  const out: CocoImageEvaluation = {
    imageId,
    categoryIds: new Float64Array(kept.length),
    offsets: new Uint32Array(kept.length + 1),
    scores: new Float64Array(total),
    matched: new Uint16Array(A * total),
    ignored: new Uint16Array(A * total),
    counted: new Uint32Array(kept.length * A),
  };
  let offset = 0;
  for (let c = 0; c < kept.length; c++) {
    const dts = sorted[c];
    const gts = kept[c].groundTruth;
    out.categoryIds[c] = kept[c].categoryId;
    out.offsets[c] = offset;
    for (let d = 0; d < dts.length; d++) out.scores[offset + d] = dts[d].score;
    const ious = dts.length > 0 && gts.length > 0 ? similarity(dts, gts) : undefined;
    for (let a = 0; a < A; a++) {
      out.counted[c * A + a] = matchAreaRange(dts, gts, ious, params, a, out, a * total + offset);
    }
    offset += dts.length;
  }
  out.offsets[kept.length] = offset;
  return out;
}

/** Buffers matchAreaRange reuses (it is synchronous): a handful of small typed arrays per image and area range otherwise. */
let scratch = { order: new Int32Array(0), ignoredGt: new Uint8Array(0), crowd: new Uint8Array(0), taken: new Uint8Array(0), outside: new Uint8Array(0) };

function scratchFor(G: number, D: number): typeof scratch {
  if (scratch.order.length < G) scratch = { ...scratch, order: new Int32Array(2 * G), ignoredGt: new Uint8Array(2 * G), crowd: new Uint8Array(2 * G), taken: new Uint8Array(2 * G) };
  if (scratch.outside.length < D) scratch = { ...scratch, outside: new Uint8Array(2 * D) };
  return scratch;
}

/** Matches one category in one area range; writes bits at `base`; returns the counted ground truth. */
function matchAreaRange<D extends CocoDtEntry, G extends CocoGtEntry>(
  dts: readonly D[],
  gts: readonly G[],
  ious: Float64Array | undefined,
  params: CocoParams,
  areaIndex: number,
  out: CocoImageEvaluation,
  base: number,
): number {
  const { min, max } = params.areaRanges[areaIndex];
  const G = gts.length;
  const D = dts.length;
  const { order, ignoredGt, crowd, taken, outside } = scratchFor(G, D);
  // Stable sort of ground truth by its ignore flag: counted first, ignored last.
  let n = 0;
  let counted = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let g = 0; g < G; g++) {
      const ig = gts[g].ignore || gts[g].area < min || gts[g].area > max ? 1 : 0;
      if (ig === pass) {
        order[n] = g;
        crowd[n] = gts[g].iscrowd ? 1 : 0;
        ignoredGt[n++] = ig;
        if (ig === 0) counted++;
      }
    }
  }
  for (let d = 0; d < D; d++) outside[d] = dts[d].area < min || dts[d].area > max ? 1 : 0;
  const thresholds = params.iouThresholds;
  for (let t = 0; t < thresholds.length; t++) {
    const bit = 1 << t;
    if (ious) {
      taken.fill(0, 0, G);
      const floor = Math.min(thresholds[t], 1 - 1e-10);
      for (let d = 0; d < D; d++) {
        let best = floor;
        let m = -1;
        for (let gi = 0; gi < G; gi++) {
          if (taken[gi] && !crowd[gi]) continue;
          // Once matched to a counted object, never trade it for an ignored one.
          if (m > -1 && ignoredGt[m] === 0 && ignoredGt[gi] === 1) break;
          const iou = ious[d * G + order[gi]];
          if (iou < best) continue;
          best = iou;
          m = gi;
        }
        if (m === -1) continue;
        taken[m] = 1;
        if (ignoredGt[m]) out.ignored[base + d] |= bit;
        // pycocotools records the matched id and tests it for truth: id 0 reads as unmatched.
        if (gts[order[m]].id !== 0) out.matched[base + d] |= bit;
      }
    }
    for (let d = 0; d < D; d++) {
      if (outside[d] && !(out.matched[base + d] & bit)) out.ignored[base + d] |= bit;
    }
  }
  return counted;
}
