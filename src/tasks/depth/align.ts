import { resizePlane } from '../../models/calculators/resize-plane.js';
import { cropWindow } from './crop.js';
import type { DepthPrediction } from './prediction.js';
import type { DepthMap, DepthOptions } from './types.js';

/**
 * Turns a model's raw depth output into metric depth matched to one ground-truth map, as the
 * depth literature evaluates:
 * - the prediction is first resized (bilinear) to the ground truth's size when they differ;
 * - `none`: metric output is used as is; inverse-relative output becomes depth = 1 / value;
 * - `median` (monodepth2): depth × median(gt) / median(depth) over the valid pixels;
 * - `least-squares` (MiDaS `compute_scale_and_shift`): s, t minimising Σ (s·p + t − target)² over
 *   the valid pixels, where for inverse-relative output p is the disparity and target = 1 / gt
 *   (the fit happens in inverse-depth space); the aligned disparity is floored at 1 / maxDepthM
 *   (MiDaS' `disparity_cap`; the largest valid ground-truth depth when maxDepthM is unbounded)
 *   and inverted. For metric output the fit is in depth space.
 * Valid pixels are those the metric scores: inside the crop, minDepthM < gt < maxDepthM.
 * Pixels with no usable value come out 0, which the metric clamps like any other prediction.
 */
export function alignDepth(prediction: DepthPrediction, groundTruth: DepthMap, options: DepthOptions): DepthMap {
  const { width, height } = groundTruth;
  const raw = prediction.width === width && prediction.height === height
    ? prediction.data
    : resizePlane(prediction.data, prediction.width, prediction.height, width, height);
  const valid = validPixels(groundTruth, options);
  const inverse = prediction.output === 'inverse-relative';
  const out = new Float32Array(raw.length);

  if (prediction.alignment === 'least-squares') {
    const target = (i: number): number => (inverse ? 1 / groundTruth.data[i] : groundTruth.data[i]);
    const { scale, shift } = scaleAndShift(raw, valid, target);
    if (!inverse) {
      for (let i = 0; i < raw.length; i++) out[i] = scale * raw[i] + shift;
      return { width, height, data: out, file: prediction.file };
    }
    let maxGt = 0;
    for (const i of valid) maxGt = Math.max(maxGt, groundTruth.data[i]);
    const cap = 1 / (Number.isFinite(options.maxDepthM) ? options.maxDepthM : maxGt || 1);
    for (let i = 0; i < raw.length; i++) out[i] = 1 / Math.max(scale * raw[i] + shift, cap);
    return { width, height, data: out, file: prediction.file };
  }

  for (let i = 0; i < raw.length; i++) out[i] = inverse ? (raw[i] > 0 ? 1 / raw[i] : 0) : raw[i];
  if (prediction.alignment === 'median') {
    const ratio = median(valid.map((i) => groundTruth.data[i])) / median(valid.map((i) => out[i]));
    if (Number.isFinite(ratio)) for (let i = 0; i < out.length; i++) out[i] *= ratio;
  }
  return { width, height, data: out, file: prediction.file };
}

/** Reference mode: the pristine prediction as metric-like depth (inverse output inverted, scale as it comes). */
export function depthOfPrediction(prediction: DepthPrediction): DepthMap {
  const data = new Float32Array(prediction.data.length);
  const inverse = prediction.output === 'inverse-relative';
  for (let i = 0; i < data.length; i++) {
    const v = prediction.data[i];
    data[i] = inverse ? (v > 0 ? 1 / v : 0) : v > 0 ? v : 0;
  }
  return { width: prediction.width, height: prediction.height, data };
}

function validPixels(groundTruth: DepthMap, options: DepthOptions): number[] {
  const { top, bottom, left, right } = cropWindow(options.crop, groundTruth.width, groundTruth.height);
  const valid: number[] = [];
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      const i = y * groundTruth.width + x;
      const gt = groundTruth.data[i];
      if (gt > options.minDepthM && gt < options.maxDepthM) valid.push(i);
    }
  }
  return valid;
}

/** Closed-form least squares for one scale and one shift (MiDaS' 2×2 normal equations). */
export function scaleAndShift(values: ArrayLike<number>, pixels: readonly number[], target: (i: number) => number): { scale: number; shift: number } {
  let a00 = 0;
  let a01 = 0;
  let b0 = 0;
  let b1 = 0;
  for (const i of pixels) {
    const p = values[i];
    const t = target(i);
    a00 += p * p;
    a01 += p;
    b0 += p * t;
    b1 += t;
  }
  const a11 = pixels.length;
  const det = a00 * a11 - a01 * a01;
  // MiDaS leaves scale 0, shift 0 where the system is singular (no or constant prediction).
  if (!(det > 0)) return { scale: 0, shift: 0 };
  return { scale: (a11 * b0 - a01 * b1) / det, shift: (a00 * b1 - a01 * b0) / det };
}

/** numpy's median: the mean of the two middle values for an even count; NaN when empty. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
