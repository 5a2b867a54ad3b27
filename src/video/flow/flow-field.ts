import type { RgbImage } from '../../media/image.js';

/** Dense optical flow: per pixel (u, v) in pixels, interleaved, from the first frame to the second. */
export interface FlowField {
  readonly width: number;
  readonly height: number;
  /** width × height × 2: u (x displacement) then v (y displacement) for each pixel, row-major. */
  readonly data: Float32Array;
}

/** Luma (BT.601) as floats 0–255: flow is estimated on one grey channel. */
export function toGray(image: RgbImage): Float32Array {
  const { width, height, data } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 3) out[i] = 0.299 * data[j] + 0.587 * data[j + 1] + 0.114 * data[j + 2];
  return out;
}
