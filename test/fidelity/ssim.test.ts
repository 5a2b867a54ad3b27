import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LossyvisionError } from '../../src/errors.js';
import { luma } from '../../src/fidelity/luma.js';
import { psnr } from '../../src/fidelity/psnr.js';
import { ssim, ssimPlanes } from '../../src/fidelity/ssim.js';
import { ssimMapSumSimd } from '../../src/fidelity/simd.js';
import { getImageCodec } from '../../src/codecs/registry.js';
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

/** SSIM straight from its definition: an 11×11 Gaussian window summed at every valid pixel. */
function naiveSsim(a: RgbImage, b: RgbImage): number {
  const x = luma(a);
  const y = luma(b);
  const g = Array.from({ length: 11 }, (_, i) => Math.exp(-0.5 * ((i - 5) / 1.5) ** 2));
  const norm = g.reduce((s, v) => s + v, 0);
  const w = g.map((v) => v / norm);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  for (let r = 5; r < a.height - 5; r++) {
    for (let c = 5; c < a.width - 5; c++) {
      let ux = 0, uy = 0, xx = 0, yy = 0, xy = 0;
      for (let i = -5; i <= 5; i++) {
        for (let j = -5; j <= 5; j++) {
          const k = w[i + 5] * w[j + 5];
          const p = x[(r + i) * a.width + c + j];
          const q = y[(r + i) * a.width + c + j];
          ux += k * p;
          uy += k * q;
          xx += k * p * p;
          yy += k * q * q;
          xy += k * p * q;
        }
      }
      total += ((2 * ux * uy + c1) * (2 * (xy - ux * uy) + c2)) / ((ux * ux + uy * uy + c1) * (xx - ux * ux + yy - uy * uy + c2));
    }
  }
  return total / ((a.width - 10) * (a.height - 10));
}

/** A noisy gradient and a perturbed copy, from a fixed-seed generator. */
function pair(width: number, height: number, seed: number): [RgbImage, RgbImage] {
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const a = new Uint8Array(width * height * 3);
  const b = new Uint8Array(width * height * 3);
  for (let i = 0; i < a.length; i++) {
    a[i] = Math.floor(((i % (width * 3)) / (width * 3)) * 200 + next() * 55);
    b[i] = Math.min(255, Math.max(0, a[i] + Math.round((next() - 0.5) * 60)));
  }
  return [
    { width, height, data: a },
    { width, height, data: b },
  ];
}

describe('ssim against its definition', () => {
  // Heights with one, two and an odd number of output rows exercise the paired vertical pass;
  // odd widths the padding column of the two-lane SIMD kernels.
  it.each([
    [11, 11],
    [12, 12],
    [23, 31],
    [40, 24],
    [13, 12],
    [24, 11],
  ])('%i×%i', (width, height) => {
    const [a, b] = pair(width, height, width * 1000 + height);
    const expected = naiveSsim(a, b);
    expect(Math.abs(ssim(a, b) - expected)).toBeLessThan(1e-12);
    expect(ssimPlanes(luma(a), luma(b), width, height)).toBe(ssim(a, b));
  });
});

/** An image's window: left, top, width, height. */
function crop(image: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let r = 0; r < height; r++) data.set(image.data.subarray(((top + r) * image.width + left) * 3, ((top + r) * image.width + left + width) * 3), r * width * 3);
  return { width, height, data };
}

describe('ssim: WebAssembly SIMD kernels', () => {
  it('run in this runtime', async () => {
    const [a, b] = pair(20, 20, 7);
    expect(ssimMapSumSimd(a.data, b.data, 20, 20, { kernel: [0.5, 0.25, 0, 0, 0, 0], c1: 1, c2: 1 })).not.toBeUndefined();
  });

  // ssim() takes the SIMD kernels; ssimPlanes() the JavaScript passes: every bit must agree.
  it.each(['astronaut.png', 'coffee.png', 'rocket.jpg'])('give the JavaScript passes\' bits on %s and its JPEGs', async (name) => {
    const photo = await decodeImage(`demo/photos/${name}`);
    const jpeg = getImageCodec('jpeg');
    for (const [left, top, width, height] of [[0, 0, photo.width, photo.height], [3, 5, 201, 77], [1, 2, 16, 11]]) {
      const a = crop(photo, left, top, width, height);
      for (const quality of [90, 30, 5]) {
        const b = (await jpeg.encode(a, quality, undefined, 'none')).decoded;
        expect(ssim(a, b)).toBe(ssimPlanes(luma(a), luma(b), width, height));
      }
    }
  });
});
