import type { MetricValues } from '../../metrics/metric.js';
import type { CocoImageEvaluation } from './coco-evaluate-image.js';
import { EPSILON, numpySum } from './coco-numeric.js';
import type { CocoParams, SummaryStat } from './coco-params.js';

/**
 * pycocotools' `accumulate()` result. Only categories that occur in some evaluated image are
 * listed; pycocotools' absent categories hold −1 everywhere and drop out of every mean anyway.
 */
export interface CocoAccumulation {
  readonly params: CocoParams;
  /** Sorted ascending, as `np.unique(catIds)`. */
  readonly categoryIds: Float64Array;
  /** [threshold][recall threshold][category][area range][max detections]; −1 where no ground truth counts. */
  readonly precision: Float64Array;
  /** [threshold][category][area range][max detections]; −1 where no ground truth counts. */
  readonly recall: Float64Array;
}

interface CategorySlice {
  evaluation: CocoImageEvaluation;
  index: number;
}

/** One (area range, detection cap) slice, by index into the params' lists. */
export interface CocoSlice {
  readonly area: number;
  readonly cap: number;
}

/**
 * Precision/recall curves per category, area range and detection cap, over images in id order.
 * With `only`, just that slice is built, and the result's params list only its area range and
 * cap (arrays 12× smaller for boxes): each slice is computed on its own, so its numbers are
 * those of the full accumulation.
 */
export function accumulate(evaluations: Iterable<CocoImageEvaluation>, params: CocoParams, only?: CocoSlice): CocoAccumulation {
  const images = [...evaluations].sort((a, b) => a.imageId - b.imageId);
  const byCategory = new Map<number, CategorySlice[]>();
  for (const evaluation of images) {
    for (let index = 0; index < evaluation.categoryIds.length; index++) {
      const id = evaluation.categoryIds[index];
      let list = byCategory.get(id);
      if (!list) byCategory.set(id, (list = []));
      list.push({ evaluation, index });
    }
  }
  const categoryIds = Float64Array.from([...byCategory.keys()].sort((a, b) => a - b));
  const T = params.iouThresholds.length;
  const R = params.recallThresholds.length;
  const K = categoryIds.length;
  const A = params.areaRanges.length;
  const M = params.maxDetections.length;
  // The output's layout: every area range and cap, or the one slice asked for.
  const outA = only ? 1 : A;
  const outM = only ? 1 : M;
  const precision = new Float64Array(T * R * K * outA * outM).fill(-1);
  const recall = new Float64Array(T * K * outA * outM).fill(-1);

  for (let k = 0; k < K; k++) {
    const slices = byCategory.get(categoryIds[k])!;
    const column = gatherCategory(slices, A);
    const order = scoreOrder(column.scores);
    const rc = new Float64Array(order.length);
    const pr = new Float64Array(order.length);
    for (let m = 0; m < M; m++) {
      if (only && m !== only.cap) continue;
      const cap = params.maxDetections[m];
      // The stable order of a capped subset is the full stable order filtered.
      const kept = cap >= column.maxRank ? order : order.filter((i) => column.ranks[i] < cap);
      const nd = kept.length;
      const outm = only ? 0 : m;
      for (let a = 0; a < A; a++) {
        if (only && a !== only.area) continue;
        const outa = only ? 0 : a;
        const npig = column.counted[a];
        if (npig === 0) continue;
        const matched = column.matched.subarray(a * column.size, (a + 1) * column.size);
        const ignored = column.ignored.subarray(a * column.size, (a + 1) * column.size);
        for (let t = 0; t < T; t++) {
          curve(kept, matched, ignored, 1 << t, npig, rc, pr);
          recall[((t * K + k) * outA + outa) * outM + outm] = nd ? rc[nd - 1] : 0;
          // precision[t][r][k][a][m] for every recall threshold r: a stride of K·A·M between them.
          precisionAt(rc, pr, nd, params.recallThresholds, precision, ((t * R * K + k) * outA + outa) * outM + outm, K * outA * outM);
        }
      }
    }
  }
  const layout = only ? { ...params, areaRanges: [params.areaRanges[only.area]], maxDetections: [params.maxDetections[only.cap]] } : params;
  return { params: layout, categoryIds, precision, recall };
}

/**
 * One threshold's recall and precision after each detection in `kept`'s order (bit: the
 * threshold's flag), as pycocotools' cumulative sums. The loops of `accumulate` are functions of
 * their own so that V8 optimises each once, instead of recompiling all of `accumulate` each
 * time its on-stack replacement reaches a loop it has no feedback for yet.
 */
function curve(kept: Uint32Array, matched: Uint16Array, ignored: Uint16Array, bit: number, npig: number, rc: Float64Array, pr: Float64Array): void {
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < kept.length; i++) {
    const d = kept[i];
    if (!(ignored[d] & bit)) {
      if (matched[d] & bit) tp++;
      else fp++;
    }
    rc[i] = tp / npig;
    pr[i] = tp / (fp + tp + EPSILON);
  }
}

/**
 * The precision envelope (made non-increasing from the right) read at each recall threshold, as
 * `np.searchsorted(rc, recThrs, side='left')`, into precision[at + r·stride]; thresholds past the
 * curve keep precision 0.
 */
function precisionAt(rc: Float64Array, pr: Float64Array, nd: number, thresholds: Float64Array, precision: Float64Array, at: number, stride: number): void {
  envelope(pr, nd);
  // Thresholds past the curve keep 0: written first, so no loop is left that first runs late
  // (V8 would deoptimise the compiled function on reaching it, at every call).
  const R = thresholds.length;
  for (let r = 0; r < R; r++) precision[at + r * stride] = 0;
  // One pass over the curve: each threshold takes the first detection whose recall reaches it
  // (recall never decreases, the thresholds ascend).
  let r = 0;
  for (let i = 0; i < nd && r < R; i++) {
    while (r < R && !(rc[i] < thresholds[r])) precision[at + r++ * stride] = pr[i];
  }
}

function envelope(pr: Float64Array, nd: number): void {
  for (let i = nd - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
}

/** One category's detections over all images, concatenated in image-id order. */
function gatherCategory(slices: CategorySlice[], A: number) {
  let size = 0;
  for (const { evaluation: e, index: c } of slices) size += e.offsets[c + 1] - e.offsets[c];
  const scores = new Float64Array(size);
  const ranks = new Uint32Array(size);
  const matched = new Uint16Array(A * size);
  const ignored = new Uint16Array(A * size);
  const counted = new Float64Array(A);
  let at = 0;
  let maxRank = 0;
  for (const { evaluation: e, index: c } of slices) {
    // Plain index loops: subarray views per image would allocate millions of objects at COCO scale.
    const from = e.offsets[c];
    const n = e.offsets[c + 1] - from;
    const total = e.scores.length;
    for (let r = 0; r < n; r++) {
      scores[at + r] = e.scores[from + r];
      ranks[at + r] = r;
    }
    maxRank = Math.max(maxRank, n);
    for (let a = 0; a < A; a++) {
      const src = a * total + from;
      const dst = a * size + at;
      for (let r = 0; r < n; r++) {
        matched[dst + r] = e.matched[src + r];
        ignored[dst + r] = e.ignored[src + r];
      }
      counted[a] += e.counted[c * A + a];
    }
    at += n;
  }
  return { size, scores, ranks, matched, ignored, counted, maxRank };
}

/**
 * `np.argsort(-scores, kind='mergesort')`: descending score, ties in concatenation order. A
 * bottom-up merge sort with the comparison inline: a sort callback costs more than the merging
 * itself at COCO scale.
 */
function scoreOrder(scores: Float64Array): Uint32Array {
  const n = scores.length;
  let order = new Uint32Array(n);
  let spare = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let width = 1; width < n; width *= 2) {
    mergePass(scores, order, spare, width);
    [order, spare] = [spare, order];
  }
  return order;
}

/**
 * Merges each pair of neighbouring sorted runs of `width` from `from` into `to`. The left run's
 * entry goes first unless the right one scores higher, so ties keep index order (stable).
 */
function mergePass(scores: Float64Array, from: Uint32Array, to: Uint32Array, width: number): void {
  const n = from.length;
  for (let lo = 0; lo < n; lo += 2 * width) {
    const mid = Math.min(lo + width, n);
    const hi = Math.min(lo + 2 * width, n);
    let l = lo;
    let r = mid;
    let at = lo;
    while (l < mid && r < hi) to[at++] = scores[from[r]] > scores[from[l]] ? from[r++] : from[l++];
    while (l < mid) to[at++] = from[l++];
    while (r < hi) to[at++] = from[r++];
  }
}

/** pycocotools' `summarize()`: each statistic is the mean of its slice's entries above −1, or null. */
export function summarize(accumulation: CocoAccumulation): MetricValues {
  const values: MetricValues = {};
  const defined = definedBuffer(accumulation);
  for (const stat of accumulation.params.summary) values[stat.key] = statValue(accumulation, stat, defined);
  return values;
}

/** The (area range, detection cap) slice a summary statistic reads; undefined when the params have no such slice. */
export function sliceOf(params: CocoParams, stat: SummaryStat): CocoSlice | undefined {
  const area = params.areaRanges.findIndex((r) => r.label === stat.area);
  const cap = params.maxDetections.indexOf(stat.maxDetections);
  return area >= 0 && cap >= 0 ? { area, cap } : undefined;
}

let scratch = new Float64Array(0);

/**
 * Room for the most entries one statistic can average (every threshold, recall point and
 * category): one buffer, grown as needed and reused, since the report's bootstrap summarises
 * thousands of times (statValue is synchronous, so no two calls share it at once).
 */
function definedBuffer({ params, categoryIds }: CocoAccumulation): Float64Array {
  const size = params.iouThresholds.length * params.recallThresholds.length * categoryIds.length;
  if (scratch.length < size) scratch = new Float64Array(size);
  return scratch;
}

/** One statistic of `summarize()`: the defined entries gathered into `defined` in numpy's order, then np.mean. */
export function statValue(accumulation: CocoAccumulation, stat: SummaryStat, defined = definedBuffer(accumulation)): number | null {
  const { params, precision, recall } = accumulation;
  const T = params.iouThresholds.length;
  const R = params.recallThresholds.length;
  const K = accumulation.categoryIds.length;
  const A = params.areaRanges.length;
  const M = params.maxDetections.length;
  const slice = sliceOf(params, stat);
  if (!slice) return null;
  const { area: a, cap: m } = slice;
  let n = 0;
  for (let t = 0; t < T; t++) {
    // np.where(iouThr == p.iouThrs): exact equality, as numpy does.
    if (stat.threshold !== undefined && params.iouThresholds[t] !== stat.threshold) continue;
    if (stat.kind === 'AP') {
      for (let r = 0; r < R; r++) {
        for (let k = 0; k < K; k++) {
          const v = precision[(((t * R + r) * K + k) * A + a) * M + m];
          if (v > -1) defined[n++] = v;
        }
      }
    } else {
      for (let k = 0; k < K; k++) {
        const v = recall[((t * K + k) * A + a) * M + m];
        if (v > -1) defined[n++] = v;
      }
    }
  }
  return n === 0 ? null : numpySum(defined, n) / n;
}

/** AP per category and per area range at one detection cap, read from `accumulate()`'s precision array. */
export interface CocoPerCategory {
  /** The area range labels, in the params' order ("all", "small", "medium", "large"). */
  readonly areas: readonly string[];
  /** Per category (ascending id), per area range: the mean of precision[:, :, k, a, m] above −1, or null. */
  readonly categories: readonly { readonly categoryId: number; readonly ap: readonly (number | null)[] }[];
  /** Per area range over every category (the summary's AP, APs, APm, APl at this cap). */
  readonly overall: readonly (number | null)[];
}

/**
 * Per-category and per-size AP as pycocotools' own array gives them: for category k and area a,
 * `np.mean(s[s > -1])` with `s = eval['precision'][:, :, k, a, m]` (every IoU and recall
 * threshold), null when nothing is defined. A category no image holds is not listed (pycocotools
 * keeps it at −1, i.e. null). The default cap is the largest (100 for boxes, 20 for keypoints).
 */
export function perCategory(accumulation: CocoAccumulation, maxDetections = Math.max(...accumulation.params.maxDetections)): CocoPerCategory {
  const { params, precision, categoryIds } = accumulation;
  const T = params.iouThresholds.length;
  const R = params.recallThresholds.length;
  const K = categoryIds.length;
  const A = params.areaRanges.length;
  const M = params.maxDetections.length;
  const m = params.maxDetections.indexOf(maxDetections);
  if (m < 0) throw new RangeError(`maxDetections ${maxDetections} is not one of ${params.maxDetections.join(', ')}`);
  // The slice in numpy's C order (t, r, then k), so the pairwise sum adds what np.mean adds.
  const mean = (a: number, ks: readonly number[]): number | null => {
    const defined: number[] = [];
    for (let t = 0; t < T; t++) {
      for (let r = 0; r < R; r++) {
        for (const k of ks) {
          const v = precision[(((t * R + r) * K + k) * A + a) * M + m];
          if (v > -1) defined.push(v);
        }
      }
    }
    return defined.length === 0 ? null : numpySum(defined) / defined.length;
  };
  const all = [...Array(K).keys()];
  return {
    areas: params.areaRanges.map((r) => r.label),
    categories: all.map((k) => ({ categoryId: categoryIds[k], ap: params.areaRanges.map((_, a) => mean(a, [k])) })),
    overall: params.areaRanges.map((_, a) => mean(a, all)),
  };
}
