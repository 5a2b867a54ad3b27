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
  const [p, q] = [pristine.data, compressed.data];
  const data = new Uint8Array(p.length);
  for (let i = 0; i < data.length; i += 3) {
    const e = Math.max(Math.abs(p[i] - q[i]), Math.abs(p[i + 1] - q[i + 1]), Math.abs(p[i + 2] - q[i + 2]));
    data[i] = data[i + 1] = data[i + 2] = Math.min(255, e * ERROR_GAIN);
  }
  return { width: pristine.width, height: pristine.height, data };
}
