/**
 * UpSampling2D's gradient, ResizeNearestNeighborGrad: the wasm backend's own kernel is right, the
 * cpu backend's is not for batches of more than one (tfjs-backend-cpu 4.22 offsets dy by the
 * input's batch stride), so the reference here is the forward op itself, through the adjoint
 * identity <grad(dy), x> = <dy, resize(x)> that every linear map's gradient satisfies.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initTrainingBackend } from '../../../src/retrain/backend.js';
import { input, maxScaledDiff, runOn } from './harness.js';

/** [images shape, output size]: integer and fractional scales, up and down, batch 1 and more. */
const cases: [number[], [number, number]][] = [
  [[2, 4, 4, 3], [8, 8]],
  [[3, 5, 3, 2], [10, 6]],
  [[1, 5, 7, 4], [9, 4]],
  [[4, 8, 8, 16], [16, 16]],
  [[2, 6, 6, 1], [4, 3]],
];

async function adjointSides(backend: 'wasm' | 'cpu', shape: number[], size: [number, number], alignCorners: boolean, halfPixelCenters: boolean): Promise<[number, number]> {
  await initTrainingBackend(backend);
  const x = input(shape, 3);
  const dy = input([shape[0], size[0], size[1], shape[3]], 4);
  return tf.tidy(() => {
    const xt = tf.tensor(x.values, x.shape);
    const dyt = tf.tensor(dy.values, dy.shape);
    const grad = tf.engine().runKernel('ResizeNearestNeighborGrad', { images: xt, dy: dyt }, { alignCorners, halfPixelCenters }) as tf.Tensor;
    const forward = tf.image.resizeNearestNeighbor(xt as tf.Tensor4D, size, alignCorners, halfPixelCenters);
    return [tf.sum(tf.mul(grad, xt)).dataSync()[0], tf.sum(tf.mul(dyt, forward)).dataSync()[0]] as [number, number];
  });
}

describe('ResizeNearestNeighborGrad on wasm', () => {
  for (const [shape, size] of cases) {
    // halfPixelCenters is left out: every tfjs backend's gradient ignores it (UpSampling2D does not set it).
    for (const [alignCorners, halfPixelCenters] of [[false, false], [true, false]]) {
      it(`is the adjoint of the forward resize, ${shape.join('×')} → ${size.join('×')}, alignCorners ${alignCorners}, halfPixelCenters ${halfPixelCenters}`, async () => {
        const [lhs, rhs] = await adjointSides('wasm', shape, size, alignCorners, halfPixelCenters);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(rhs)));
      });
    }
  }

  it('matches the cpu backend at batch 1, where the cpu kernel is right', async () => {
    const inputs = { images: input([1, 8, 8, 5], 1), dy: input([1, 16, 16, 5], 2) };
    const attrs = { alignCorners: false, halfPixelCenters: false };
    const cpu = await runOn('cpu', 'ResizeNearestNeighborGrad', inputs, attrs);
    const wasm = await runOn('wasm', 'ResizeNearestNeighborGrad', inputs, attrs);
    expect(maxScaledDiff(wasm.values, cpu.values)).toBeLessThan(1e-4);
  });

  it('documents the cpu kernel failing the identity at batch 2 (if this fails, tfjs fixed it)', async () => {
    const [lhs, rhs] = await adjointSides('cpu', [2, 4, 4, 3], [8, 8], false, false);
    expect(Math.abs(lhs - rhs)).toBeGreaterThan(1e-3);
  });
});
