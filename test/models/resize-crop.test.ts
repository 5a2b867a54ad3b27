import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../src/media/image.js';
import { centreCrop } from '../../src/models/calculators/centre-crop.js';
import { RESAMPLES, resizeCentreCrop, resizeImage } from '../../src/models/calculators/resize-image.js';

/** Noise with some structure, so every filter tap matters. */
function image(width: number, height: number, seed: number): RgbImage {
  let s = seed;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = ((s >>> 16) & 0xff) ^ ((i / 3) % width);
  }
  return { width, height, data };
}

describe('resize then centre crop', () => {
  // [source w, h] → [resized w, h] → [crop w, h]: downscale, upscale, one axis unchanged, crop = resize, odd sizes, a crop that pads.
  const cases: [number, number, number, number, number, number][] = [
    [640, 480, 341, 256, 224, 224],
    [480, 640, 256, 341, 224, 224],
    [100, 75, 298, 224, 224, 224],
    [320, 256, 320, 200, 224, 200],
    [301, 257, 150, 128, 150, 128],
    [77, 53, 45, 31, 33, 29],
    [64, 48, 40, 30, 48, 20],
  ];
  it.each(cases)('%i×%i → %i×%i → %i×%i: the same values as resizing the whole image and cropping it', (sw, sh, rw, rh, cw, ch) => {
    const source = image(sw, sh, sw * 7 + sh);
    for (const resample of RESAMPLES) {
      const whole = centreCrop(resizeImage(source, rw, rh, resample), rw, rh, cw, ch);
      const cropped = resizeCentreCrop(source, rw, rh, resample, cw, ch);
      expect(cropped.length, resample).toBe(cw * ch * 3);
      // Bit for bit (a compare of the bytes: toEqual on 150 000 floats takes seconds).
      expect(Buffer.from(cropped.buffer).equals(Buffer.from(whole.buffer)), resample).toBe(true);
    }
  });
});
