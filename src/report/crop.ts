import type { RgbImage } from '../media/image.js';

/**
 * The square window (side `size`, clamped to the image) where `compressed` differs most from
 * `pristine`: summed absolute RGB error, found with a summed-area table over a grid of
 * positions a quarter window apart. Equal-sized images only.
 */
export function largestErrorWindow(pristine: RgbImage, compressed: RgbImage, size: number): { x: number; y: number; size: number } {
  const { width, height } = pristine;
  const side = Math.max(1, Math.min(size, width, height));
  if (compressed.width !== width || compressed.height !== height) return { x: 0, y: 0, size: side };
  // Summed-area table of per-pixel error, (width+1) × (height+1).
  const stride = width + 1;
  const table = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      row += Math.abs(pristine.data[i] - compressed.data[i]) + Math.abs(pristine.data[i + 1] - compressed.data[i + 1]) + Math.abs(pristine.data[i + 2] - compressed.data[i + 2]);
      table[(y + 1) * stride + x + 1] = table[y * stride + x + 1] + row;
    }
  }
  const step = Math.max(1, Math.floor(side / 4));
  let best = { x: 0, y: 0, size: side };
  let bestError = -1;
  for (let y = 0; y + side <= height; y += step) {
    for (let x = 0; x + side <= width; x += step) {
      const error = table[(y + side) * stride + x + side] - table[y * stride + x + side] - table[(y + side) * stride + x] + table[y * stride + x];
      if (error > bestError) {
        bestError = error;
        best = { x, y, size: side };
      }
    }
  }
  return best;
}
