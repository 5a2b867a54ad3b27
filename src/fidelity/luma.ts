import type { RgbImage } from '../media/image.js';

/**
 * Luma as unrounded floats, Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601 weights on the
 * stored, gamma-encoded values, as MATLAB's rgb2gray and most SSIM tables use). Kept as
 * float64 so SSIM is not perturbed by an extra rounding step.
 */
export function luma(image: RgbImage): Float64Array {
  const { data } = image;
  const n = image.width * image.height;
  const y = new Float64Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    y[i] = 0.299 * data[j] + 0.587 * data[j + 1] + 0.114 * data[j + 2];
  }
  return y;
}
