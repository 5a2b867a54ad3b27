import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LossyvisionError } from '../../src/errors.js';
import { luma } from '../../src/fidelity/luma.js';
import { psnr } from '../../src/fidelity/psnr.js';
import { ssim } from '../../src/fidelity/ssim.js';
import { decodeImage } from '../../src/media/decode.js';
import type { RgbImage } from '../../src/media/image.js';

/** Made by scripts/reference/fidelity_reference.py with scikit-image (see that script). */
interface Reference {
  pairs: { reference: string; distorted: string; referenceSha256: string; distortedSha256: string; psnr: number; ssim: number }[];
}
const reference = JSON.parse(readFileSync('test/fixtures/fidelity/reference.json', 'utf8')) as Reference;
const sha256 = (image: RgbImage): string => createHash('sha256').update(image.data).digest('hex');

describe('ssim and psnr against scikit-image', () => {
  it.each(reference.pairs)('$distorted', async (pair) => {
    const a = await decodeImage(pair.reference);
    const b = await decodeImage(pair.distorted);
    // Same pixels on both sides, so any difference would be in the metric itself.
    expect(sha256(a)).toBe(pair.referenceSha256);
    expect(sha256(b)).toBe(pair.distortedSha256);
    expect(Math.abs(ssim(a, b) - pair.ssim)).toBeLessThan(1e-9);
    expect(Math.abs(psnr(a, b) - pair.psnr)).toBeLessThan(1e-9);
  });
});

describe('ssim', () => {
  it('is 1 for identical images and symmetric', async () => {
    const a = await decodeImage('demo/photos/chelsea.png');
    const b = await decodeImage('test/fixtures/fidelity/chelsea-webp-q30.webp');
    expect(ssim(a, a)).toBe(1);
    expect(ssim(a, b)).toBeCloseTo(ssim(b, a), 12);
    expect(ssim(a, b)).toBeLessThan(1);
  });

  it('computes luma as unrounded BT.601 weights', () => {
    const image: RgbImage = { width: 2, height: 1, data: Uint8Array.from([255, 0, 0, 10, 20, 30]) };
    expect(Array.from(luma(image))).toEqual([0.299 * 255, 0.299 * 10 + 0.587 * 20 + 0.114 * 30]);
  });

  it('refuses images smaller than its 11×11 window, and different sizes', () => {
    const tiny: RgbImage = { width: 10, height: 20, data: new Uint8Array(10 * 20 * 3) };
    expect(() => ssim(tiny, tiny)).toThrow(/at least 11×11 pixels.*received 10×20/);
    const other: RgbImage = { width: 20, height: 10, data: new Uint8Array(600) };
    expect(() => ssim(tiny, other)).toThrow(LossyvisionError);
  });
});
