import type { RgbImage } from '../media/image.js';

/** How many times the error is amplified: JPEG's errors at usable qualities are a few grey levels. */
export const ERROR_GAIN = 8;

/**
 * The compressed input's own error: per pixel, the largest absolute difference over R, G, B from
 * the pristine pixels, × ERROR_GAIN and clamped to 255, as grey (white = an error of 32 or more
 * grey levels). Equal-sized images only.
 */
export function errorImage(pristine: RgbImage, compressed: RgbImage): RgbImage {
  if (pristine.width !== compressed.width || pristine.height !== compressed.height) {
    throw new RangeError(`the compressed image is ${compressed.width}×${compressed.height} but pristine is ${pristine.width}×${pristine.height}`);
  }
  const n = pristine.width * pristine.height;
  const data = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let c = 0; c < 3; c++) e = Math.max(e, Math.abs(pristine.data[3 * i + c] - compressed.data[3 * i + c]));
    data.fill(Math.min(255, e * ERROR_GAIN), 3 * i, 3 * i + 3);
  }
  return { width: pristine.width, height: pristine.height, data };
}
