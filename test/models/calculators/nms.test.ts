import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { nms, type NmsCandidate } from '../../../src/models/calculators/nms.js';
import { iou } from '../../../src/models/calculators/iou.js';
import { tfjsBackend } from '../../../src/models/runtimes/tfjs.js';

describe('iou', () => {
  it('computes overlap of corner boxes', () => {
    // Two 10×10 boxes overlapping in a 5×10 strip: 50 / 150.
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3, 12);
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    expect(iou([0, 0, 0, 10], [0, 0, 10, 10])).toBe(0);
  });
});

describe('nms', () => {
  const a: NmsCandidate = { box: [0, 0, 10, 10], score: 0.9, label: 0 };
  const b: NmsCandidate = { box: [1, 0, 11, 10], score: 0.8, label: 0 }; // IoU 90/110 with a
  const c: NmsCandidate = { box: [1, 0, 11, 10], score: 0.7, label: 3 };
  const d: NmsCandidate = { box: [50, 50, 60, 60], score: 0.95, label: 0 };

  it('is class-aware: only same-class boxes suppress each other', () => {
    expect(nms([a, b, c, d], { iouThreshold: 0.5, maxDetections: 10 })).toEqual([3, 0, 2]);
    expect(nms([a, b, c, d], { iouThreshold: 0.5, maxDetections: 10, classAgnostic: true })).toEqual([3, 0]);
  });

  it('keeps boxes below the IoU threshold and stops at maxDetections', () => {
    expect(nms([a, b, c, d], { iouThreshold: 0.9, maxDetections: 10 })).toEqual([3, 0, 1, 2]);
    expect(nms([a, b, c, d], { iouThreshold: 0.5, maxDetections: 2 })).toEqual([3, 0]);
  });

  it('suppresses at equality only in TensorFlow mode', () => {
    const e: NmsCandidate = { box: [5, 0, 15, 10], score: 0.5, label: 0 }; // IoU exactly 1/3 with a
    expect(nms([a, e], { iouThreshold: 1 / 3, maxDetections: 10 })).toEqual([0, 1]);
    expect(nms([a, e], { iouThreshold: 1 / 3, maxDetections: 10, suppressAtEqual: true })).toEqual([0]);
  });

  it('agrees with tf.image.nonMaxSuppression on random boxes', async () => {
    await tfjsBackend('wasm');
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const candidates: NmsCandidate[] = [];
    for (let i = 0; i < 300; i++) {
      const x = rand() * 100;
      const y = rand() * 100;
      candidates.push({ box: [x, y, x + 5 + rand() * 30, y + 5 + rand() * 30], score: Math.round(rand() * 50) / 50, label: 0 });
    }
    const boxes = tf.tensor2d(candidates.flatMap((c) => [c.box[1], c.box[0], c.box[3], c.box[2]]), [300, 4]);
    const scores = tf.tensor1d(candidates.map((c) => c.score));
    const ref = tf.image.nonMaxSuppression(boxes, scores, 50, 0.4, 0.2);
    const expected = Array.from(await ref.data());
    tf.dispose([boxes, scores, ref]);
    const above = candidates.map((c, i) => ({ c, i })).filter(({ c }) => c.score > 0.2);
    const kept = nms(above.map(({ c }) => c), { iouThreshold: 0.4, maxDetections: 50, classAgnostic: true, suppressAtEqual: true });
    expect(kept.map((k) => above[k].i)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
  });
});
