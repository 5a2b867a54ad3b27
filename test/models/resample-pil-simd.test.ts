/**
 * The WebAssembly SIMD passes of the PIL resample against its JavaScript passes (which
 * test/models/presets.test.ts holds to PIL's own tensors): byte for byte, over down- and
 * upscales, both filters (bicubic's negative lobes clip), one axis unchanged, windows, sizes
 * that are not multiples of 16 bytes, and saturated inputs.
 */
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../src/media/image.js';
import { resamplePil, type PilFilter } from '../../src/models/calculators/resample-pil.js';
import { horizontalSimd } from '../../src/models/calculators/resample-pil-simd.js';

function noise(width: number, height: number, seed: number, extremes = false): RgbImage {
  let s = seed;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    // Extremes: alternating 0 and 255 blocks, where bicubic over- and undershoots most.
    data[i] = extremes ? (((i / 3 / 3) | 0) + ((i / 3 / width / 2) | 0)) % 2 ? 255 : 0 : ((s >>> 16) & 0xff) ^ ((i / 3) % width);
  }
  return { width, height, data };
}

describe('PIL resample: SIMD kernels = JavaScript passes', () => {
  it('has WebAssembly SIMD here (else the comparisons below would compare the JavaScript with itself)', () => {
    expect(horizontalSimd(new Uint8Array(6), 2, 1, 1, { start: Int32Array.of(0), length: Int32Array.of(2), weights: Int32Array.of(2 ** 21, 2 ** 21), ksize: 2 })).toEqual(Uint8Array.of(0, 0, 0));
  });

  const cases: [number, number, number, number][] = [
    [640, 480, 341, 256], [480, 640, 256, 341], [100, 75, 298, 224], [320, 256, 320, 200], [320, 256, 200, 256],
    [301, 257, 150, 128], [77, 53, 45, 31], [5, 3, 1, 1], [1, 1, 7, 5], [16, 16, 3, 40], [1920, 1080, 224, 224],
  ];
  for (const filter of ['bilinear', 'bicubic'] as PilFilter[]) {
    it.each(cases)(`${filter} %i×%i → %i×%i`, (sw, sh, w, h) => {
      for (const extremes of [false, true]) {
        const image = noise(sw, sh, sw * 31 + sh, extremes);
        const simd = resamplePil(image, w, h, filter);
        const js = resamplePil(image, w, h, filter, undefined, 'js');
        expect(Buffer.from(simd.data).equals(Buffer.from(js.data))).toBe(true);
        // A window inside the output, as the centre crop asks for.
        const window = { left: Math.floor(w / 4), top: Math.floor(h / 3), width: Math.max(1, Math.floor(w / 2)), height: Math.max(1, Math.floor(h / 2)) };
        const simdWindow = resamplePil(image, w, h, filter, window);
        const jsWindow = resamplePil(image, w, h, filter, window, 'js');
        expect([simdWindow.width, simdWindow.height]).toEqual([window.width, window.height]);
        expect(Buffer.from(simdWindow.data).equals(Buffer.from(jsWindow.data))).toBe(true);
      }
    });
  }
});
