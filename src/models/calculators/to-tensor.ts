import type { Tensor } from '../runtimes/runtime.js';

export type Layout = 'nchw' | 'nhwc';
export type ChannelOrder = 'rgb' | 'bgr';

export interface Normalisation {
  /** Multiplies 0–255 pixel values first: 1/255 for 0–1 inputs, 1 for raw. */
  scale: number;
  /** Subtracted per channel (RGB order) after scaling. */
  mean: readonly [number, number, number];
  /** Divides per channel (RGB order) after the mean. */
  std: readonly [number, number, number];
}

export const NO_NORMALISATION: Normalisation = { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] };

function isIdentity(norm: Normalisation): boolean {
  return norm.scale === 1 && norm.mean.every((m) => m === 0) && norm.std.every((s) => s === 1);
}

/**
 * Float RGB HWC pixels → a batch-of-one tensor: (v × scale − mean) / std, channel order, layout.
 * RGB NHWC without normalisation is `pixels` as they are (v × 1 − 0 is v exactly), so the
 * tensor shares their buffer instead of copying 3 MB per 512² inference: callers hand over
 * fresh pixels and do not touch them afterwards.
 */
export function toTensor(pixels: Float32Array, width: number, height: number, norm: Normalisation, layout: Layout, order: ChannelOrder, into?: Float32Array): Tensor {
  const plane = width * height;
  if (layout === 'nhwc' && order === 'rgb' && isIdentity(norm) && pixels.length === plane * 3) return { dims: [1, height, width, 3], data: pixels };
  // `into`: a buffer of exactly this size that the caller may reuse (see Runtime.copiesInputs).
  const data = into?.length === plane * 3 && into !== pixels ? into : new Float32Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    const src = order === 'rgb' ? c : 2 - c;
    const mul = norm.scale / norm.std[src];
    const add = -norm.mean[src] / norm.std[src];
    if (layout === 'nchw') {
      const base = c * plane;
      for (let i = 0; i < plane; i++) data[base + i] = pixels[i * 3 + src] * mul + add;
    } else {
      for (let i = 0; i < plane; i++) data[i * 3 + c] = pixels[i * 3 + src] * mul + add;
    }
  }
  return { dims: layout === 'nchw' ? [1, 3, height, width] : [1, height, width, 3], data };
}
