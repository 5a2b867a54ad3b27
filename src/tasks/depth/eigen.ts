import { LossyvisionError } from '../../errors.js';
import { cropWindow } from './crop.js';
import type { DepthErrors, DepthMap, DepthOptions } from './types.js';

/**
 * Eigen-style depth errors as in monodepth2's `compute_errors` (plus log10 as in the NYU
 * literature), computed in float64 throughout. Valid pixels: inside the crop and
 * minDepthM < gt < maxDepthM; the prediction at those pixels is clamped to [minDepthM,
 * maxDepthM] first (monodepth2 clamps to 1e-3 … 80 m), so log errors stay finite.
 */

/** Sums over valid pixels: what pooling across images needs, and what a per-image mean divides. */
export interface DepthSums {
  pixels: number;
  absRel: number;
  sqRel: number;
  squared: number;
  squaredLog: number;
  log10: number;
  delta1: number;
  delta2: number;
  delta3: number;
}

export function emptySums(): DepthSums {
  return { pixels: 0, absRel: 0, sqRel: 0, squared: 0, squaredLog: 0, log10: 0, delta1: 0, delta2: 0, delta3: 0 };
}

export function addSums(into: DepthSums, other: DepthSums): void {
  for (const key of Object.keys(into) as (keyof DepthSums)[]) into[key] += other[key];
}

const T1 = 1.25;
const T2 = 1.25 ** 2;
const T3 = 1.25 ** 3;

/** Sums of the per-pixel terms over one image's valid pixels. */
export function depthSums(prediction: DepthMap, groundTruth: DepthMap, options: DepthOptions): DepthSums {
  if (prediction.width !== groundTruth.width || prediction.height !== groundTruth.height) {
    const against = groundTruth.file ? `its ground truth ${groundTruth.file}` : 'its ground truth';
    throw new LossyvisionError(
      'INVALID_FILE',
      `Expected ${groundTruth.width}×${groundTruth.height} pixels like ${against} but received ${prediction.width}×${prediction.height}`,
      { file: prediction.file },
    );
  }
  const { minDepthM: lo, maxDepthM: hi } = options;
  const { top, bottom, left, right } = cropWindow(options.crop, groundTruth.width, groundTruth.height);
  const s = emptySums();
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      const i = y * groundTruth.width + x;
      const gt = groundTruth.data[i];
      if (!(gt > lo && gt < hi)) continue;
      let pred = prediction.data[i];
      if (Number.isNaN(pred)) {
        throw new LossyvisionError('INVALID_FILE', 'Expected a finite predicted depth but received NaN', { file: prediction.file, entry: `pixel (${x}, ${y})` });
      }
      pred = Math.min(Math.max(pred, lo), hi);
      const diff = gt - pred;
      const logDiff = Math.log(gt) - Math.log(pred);
      const ratio = Math.max(gt / pred, pred / gt);
      s.pixels += 1;
      s.absRel += Math.abs(diff) / gt;
      s.sqRel += (diff * diff) / gt;
      s.squared += diff * diff;
      s.squaredLog += logDiff * logDiff;
      s.log10 += Math.abs(Math.log10(gt) - Math.log10(pred));
      if (ratio < T1) s.delta1 += 1;
      if (ratio < T2) s.delta2 += 1;
      if (ratio < T3) s.delta3 += 1;
    }
  }
  return s;
}

/** The eight measures from pixel sums; null when there is no valid pixel. */
export function depthErrorsFromSums(s: DepthSums): DepthErrors | null {
  if (s.pixels === 0) return null;
  const n = s.pixels;
  return {
    absRel: s.absRel / n,
    sqRel: s.sqRel / n,
    rmse: Math.sqrt(s.squared / n),
    rmseLog: Math.sqrt(s.squaredLog / n),
    log10: s.log10 / n,
    delta1: s.delta1 / n,
    delta2: s.delta2 / n,
    delta3: s.delta3 / n,
  };
}

/** One image's errors (null without valid pixels). */
export function depthErrors(prediction: DepthMap, groundTruth: DepthMap, options: DepthOptions): DepthErrors | null {
  return depthErrorsFromSums(depthSums(prediction, groundTruth, options));
}

