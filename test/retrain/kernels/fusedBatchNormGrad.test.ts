import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { initTrainingBackend } from '../../../src/retrain/backend.js';
import { fusedBatchNormGradConfig } from '../../../src/retrain/kernels/fusedBatchNormGrad.js';
import { seededValues } from './harness.js';

// tfjs-layers registered the stock gradients on import; taken before initTrainingBackend replaces one.
const stock = tf.getGradient('FusedBatchNorm');

function gradients(config: tf.GradConfig, shape: number[], withScale: boolean): Record<string, Float32Array> {
  return tf.tidy(() => {
    const c = shape[shape.length - 1];
    const x = tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 1), shape);
    const dy = tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 2), shape);
    const mean = tf.tensor(seededValues(c, 3), [c]);
    const variance = tf.add(tf.abs(tf.tensor(seededValues(c, 4), [c])), 0.1);
    const scale = withScale ? tf.tensor(seededValues(c, 5), [c]) : null;
    const grads = config.gradFunc(dy, [x, mean, variance, scale as tf.Tensor], { varianceEpsilon: 1e-3 });
    return Object.fromEntries(Object.entries(grads).map(([k, f]) => [k, f().dataSync() as Float32Array]));
  });
}

describe('FusedBatchNorm gradient', () => {
  it('is registered in place of the stock one, and runs no Tile', async () => {
    await initTrainingBackend('wasm');
    expect(tf.getGradient('FusedBatchNorm')).toBe(fusedBatchNormGradConfig);
    const x = tf.variable(tf.tensor(seededValues(2 * 6 * 6 * 4, 7), [2, 6, 6, 4]));
    const scale = tf.variable(tf.ones([4]));
    const profile = await tf.profile(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.batchNorm(x, tf.ones([4]), tf.ones([4]), tf.zeros([4]), scale, 1e-3)) as tf.Scalar);
      expect(Object.keys(grads)).toHaveLength(2);
      tf.dispose(Object.values(grads));
    });
    expect(profile.kernelNames).toContain('FusedBatchNorm');
    expect(profile.kernelNames).not.toContain('Tile');
    tf.dispose([x, scale]);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`gives bit-identical results to tfjs-core's on ${backend}`, async () => {
      await initTrainingBackend(backend);
      // Rank 4 only: the stock gradient reshapes to rank 4 and fails on any other rank.
      for (const [shape, withScale] of [[[2, 5, 3, 4], true], [[3, 2, 2, 7], true], [[1, 4, 4, 6], false]] as const) {
        const ours = gradients(fusedBatchNormGradConfig, [...shape], withScale);
        const theirs = gradients(stock, [...shape], withScale);
        expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
        for (const k of Object.keys(theirs)) expect(ours[k], `${k} of ${shape.join('×')}`).toEqual(theirs[k]);
      }
    });
  }
});
