import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { resizeBilinear } from '../../../src/models/calculators/resize-bilinear.js';
import { tfjsBackend } from '../../../src/models/runtimes/tfjs.js';

async function photo() {
  // A 61×47 crop keeps the reference computation small and the ratios non-integer.
  const { data, info } = await sharp('demo/photos/chelsea.png').extract({ left: 100, top: 80, width: 61, height: 47 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

describe('resizeBilinear', () => {
  it.each([false, true])('matches tf.image.resizeBilinear (halfPixelCenters %s) up and down', async (half) => {
    await tfjsBackend('wasm');
    const image = await photo();
    const input = tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, 3]);
    for (const [w, h] of [[32, 20], [128, 100], [61, 47]]) {
      const ref = tf.image.resizeBilinear(input, [h, w], false, half);
      const expected = await ref.data();
      ref.dispose();
      const ours = resizeBilinear(image, w, h, { halfPixelCenters: half });
      expect(ours.length).toBe(expected.length);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - expected[i]));
      expect(worst).toBeLessThan(1e-3);
    }
    input.dispose();
  });

  it('reproduces a hand-computed 2×1 → 3×1 upscale', () => {
    const image = { width: 2, height: 1, data: new Uint8Array([0, 0, 0, 90, 180, 255]) };
    // TF default: source x = dst × 2/3 → 0, 0.667, 1.333 (clamped to the last column).
    const out = resizeBilinear(image, 3, 1);
    expect(Array.from(out).map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 0, 0, 60, 120, 170, 90, 180, 255]);
  });
});
