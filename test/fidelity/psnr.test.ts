import { describe, expect, it } from 'vitest';
import { psnr } from '../../src/fidelity/psnr.js';
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
