import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/media/decode.js';
import { largestErrorWindow } from '../../src/report/crop.js';

describe('largestErrorWindow', () => {
  it('finds where a compressed copy differs most from the pristine image', async () => {
    const pristine = await decodeImage(new URL('../../demo/photos/chelsea.png', import.meta.url).pathname);
    const damaged = { ...pristine, data: Uint8Array.from(pristine.data) };
    // Damage a 40 × 40 block at (200, 120).
    for (let y = 120; y < 160; y++) for (let x = 200; x < 240; x++) damaged.data[(y * pristine.width + x) * 3] ^= 0x80;
    const w = largestErrorWindow(pristine, damaged, 64);
    expect(w.size).toBe(64);
    expect(w.x).toBeLessThanOrEqual(200);
    expect(w.x + 64).toBeGreaterThanOrEqual(240);
    expect(w.y).toBeLessThanOrEqual(120);
    expect(w.y + 64).toBeGreaterThanOrEqual(160);
    expect(largestErrorWindow(pristine, pristine, 10000).size).toBe(Math.min(pristine.width, pristine.height));
  });
});
