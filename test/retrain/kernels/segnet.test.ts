/**
 * The reference SegNet-style network takes one training step on wasm (with this project's kernels)
 * and on the cpu backend, from the same weights and batch: every op it uses — conv, batch norm,
 * relu, max pooling, nearest-neighbour upsampling, per-pixel softmax — has a gradient on wasm that
 * agrees with cpu's to 1e-4.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildReferenceSegmenter } from '../../../src/retrain/architectures/segnet.js';
import { initTrainingBackend } from '../../../src/retrain/backend.js';
import { maxScaledDiff, seededValues } from './harness.js';

const shape = { height: 16, width: 16, channels: 3, classes: 4 };
// Batch 1: the cpu reference's ResizeNearestNeighborGrad is wrong for larger batches (resizeNearestNeighborGrad.test.ts).
const batch = 1;
const build = (): tfl.LayersModel => buildReferenceSegmenter(shape, 5, { baseFilters: 4, depth: 2 });

interface StepResult { gradients: Float32Array[]; kernels: string[] }

async function gradientsOn(backend: 'wasm' | 'cpu', weights: Float32Array[]): Promise<StepResult> {
  await initTrainingBackend(backend);
  const model = build();
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
  const x = tf.tensor(seededValues(batch * 16 * 16 * 3, 11).map((v) => (v + 1) / 2), [batch, 16, 16, 3]);
  const labels = Int32Array.from(seededValues(batch * 16 * 16, 12), (v) => Math.floor((v + 1) * 2));
  const y = tf.oneHot(tf.tensor(labels, [batch, 16, 16], 'int32'), shape.classes);
  let grads: tf.NamedTensorMap = {};
  const profile = await tf.profile(() => {
    grads = tf.variableGrads(() => tf.tidy(() => {
      const p = model.apply(x, { training: true }) as tf.Tensor;
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(p, 1e-7))), -1))) as tf.Scalar;
    })).grads;
  });
  const gradients = model.trainableWeights.map((w) => grads[w.name].dataSync() as Float32Array);
  tf.dispose([x, y, ...Object.values(grads)]);
  model.dispose();
  return { gradients, kernels: profile.kernelNames };
}

describe('reference segmenter gradients', () => {
  it('agree on wasm and cpu for every trainable weight', async () => {
    await initTrainingBackend('cpu');
    const initial = build();
    const weights = initial.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(initial.outputs[0].shape).toEqual([null, 16, 16, 4]);
    initial.dispose();

    const cpu = await gradientsOn('cpu', weights);
    const wasm = await gradientsOn('wasm', weights);
    expect(wasm.kernels).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'ResizeNearestNeighborGrad', 'FusedBatchNorm']));
    // 5 conv-BN blocks (kernel, gamma, beta) and the 1×1 head (kernel, bias).
    expect(wasm.gradients).toHaveLength(5 * 3 + 2);
    for (let i = 0; i < cpu.gradients.length; i++) {
      expect(Math.max(...cpu.gradients[i].map(Math.abs)), `gradient ${i} is not all zero`).toBeGreaterThan(0);
      expect(maxScaledDiff(wasm.gradients[i], cpu.gradients[i]), `gradient ${i}`).toBeLessThan(1e-4);
    }
  });
});
