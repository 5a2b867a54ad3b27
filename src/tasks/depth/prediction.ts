import type { DepthMap } from './types.js';

/**
 * What a depth network's output means: `metric` is depth in metres; `inverse-relative` is
 * inverse depth (disparity) known only up to scale and shift, as MiDaS and Depth-Anything
 * produce.
 */
export type DepthOutput = 'metric' | 'inverse-relative';
export const DEPTH_OUTPUTS: readonly DepthOutput[] = ['metric', 'inverse-relative'];

/**
 * How a prediction is matched to its ground truth before scoring (tasks/depth/align.ts):
 * `none`; `median` scaling (monodepth2); `least-squares` scale and shift (MiDaS evaluation, in
 * inverse-depth space for inverse-relative output).
 */
export type DepthAlignment = 'none' | 'median' | 'least-squares';
export const DEPTH_ALIGNMENTS: readonly DepthAlignment[] = ['none', 'median', 'least-squares'];

/** A depth model's answer: its raw map at the original image size and how to read it. */
export interface DepthPrediction extends DepthMap {
  readonly data: Float32Array;
  readonly output: DepthOutput;
  readonly alignment: DepthAlignment;
}

/** Why a prediction is not a DepthPrediction, or undefined. */
export function checkDepthPrediction(prediction: unknown): string | undefined {
  const p = prediction as Partial<DepthPrediction> | undefined;
  if (!p || !Number.isInteger(p.width) || !Number.isInteger(p.height) || !(p.width! > 0) || !(p.height! > 0)) {
    return 'expected a depth map { width, height, data, output, alignment } with positive integer width and height';
  }
  if (!(p.data instanceof Float32Array) || p.data.length !== p.width! * p.height!) {
    return `expected ${p.width}×${p.height} float32 depth values`;
  }
  if (!DEPTH_OUTPUTS.includes(p.output!)) return `expected output one of: ${DEPTH_OUTPUTS.join(', ')}`;
  if (!DEPTH_ALIGNMENTS.includes(p.alignment!)) return `expected alignment one of: ${DEPTH_ALIGNMENTS.join(', ')}`;
  return undefined;
}
