import { describe, expect, it } from 'vitest';
import { psnr, squaredError } from '../../src/fidelity/psnr.js';
import { squaredErrorSimd } from '../../src/fidelity/simd.js';
import { getImageCodec } from '../../src/codecs/registry.js';
import { decodeImage } from '../../src/media/decode.js';
import type { RgbImage } from '../../src/media/image.js';

const flat = (value: number, width = 4, height = 3): RgbImage => ({ width, height, data: new Uint8Array(width * height * 3).fill(value) });

describe('psnr', () => {
  it('is +Infinity for identical images', async () => {
    const a = await decodeImage('demo/photos/coffee.png');
    expect(psnr(a, a)).toBe(Infinity);
  });

  it('is 10·log10(255²/MSE) over all RGB values', () => {
    expect(psnr(flat(0), flat(1))).toBeCloseTo(10 * Math.log10(255 * 255), 12);
    // One channel of one pixel off by 255 out of 4·3·3 = 36 values: MSE = 255²/36.
    const b = flat(0);
    b.data[5] = 255;
    expect(psnr(flat(0), b)).toBeCloseTo(10 * Math.log10(36), 12);
  });

  it('refuses images of different sizes', () => {
    expect(() => psnr(flat(0, 4, 3), flat(0, 3, 4))).toThrow('PSNR needs images of the same size, received 4×3 and 3×4');
  });
});

describe('squared error: WebAssembly SIMD', () => {
  it('equals the plain loop on real photos and their JPEGs, and on lengths not a multiple of 16', async () => {
    const photo = await decodeImage('demo/photos/astronaut.png');
    const jpeg = getImageCodec('jpeg');
    for (const quality of [90, 30, 5]) {
      const b = (await jpeg.encode(photo, quality, undefined, 'none')).decoded;
      for (const length of [photo.data.length, 65536 * 3 + 37, 15, 1]) {
        const [x, y] = [photo.data.subarray(0, length), b.data.subarray(0, length)];
        expect(squaredErrorSimd(x, y)).toBe(squaredError(x, y));
      }
    }
  });

  it('does not overflow at the largest error (255 everywhere, 4 chunks of 64 KiB)', () => {
    const length = 4 * 65536 + 16 * 3 + 5;
    const zeros = new Uint8Array(length);
    const full = new Uint8Array(length).fill(255);
    expect(squaredErrorSimd(zeros, full)).toBe(length * 255 * 255);
    expect(squaredErrorSimd(full, zeros)).toBe(length * 255 * 255);
  });
});
