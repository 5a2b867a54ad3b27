/**
 * A small Layers model (conv → maxpool → depthwise conv → 1×1 conv → dense) takes one training step on wasm
 * with the provided kernels and on the cpu backend, from the same weights and batch: gradients and
 * updated weights agree to 1e-4.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initTrainingBackend } from '../../../src/retrain/backend.js';
import { maxScaledDiff, seededValues } from './harness.js';

const batch = 4;

function buildModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [12, 12, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu' }));
  model.add(tfl.layers.conv2d({ filters: 4, kernelSize: 1, activation: 'relu' }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}

interface StepResult { gradients: Float32Array[]; updated: Float32Array[]; kernels: string[] }

async function trainStep(backend: 'wasm' | 'cpu', weights: Float32Array[]): Promise<StepResult> {
  await initTrainingBackend(backend);
  const model = buildModel();
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
  const x = tf.tensor(seededValues(batch * 12 * 12 * 2, 71), [batch, 12, 12, 2]);
  const y = tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3);
  let grads: tf.NamedTensorMap = {};
  const profile = await tf.profile(() => {
    grads = tf.variableGrads(() => tf.tidy(() => {
      const p = model.apply(x, { training: true }) as tf.Tensor;
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(p, 1e-7))), -1))) as tf.Scalar;
    })).grads;
  });
  const gradients = model.trainableWeights.map((w) => grads[w.originalName].dataSync() as Float32Array);
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
  await model.trainOnBatch(x, y);
  const updated = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, y, ...Object.values(grads)]);
  model.dispose();
  return { gradients, updated, kernels: profile.kernelNames };
}

describe('one training step of a Layers model', () => {
  it('gives the same gradients and weights on wasm (provided kernels) as on cpu', async () => {
    await initTrainingBackend('cpu');
    const initial = buildModel();
    const weights = initial.getWeights().map((w) => w.dataSync() as Float32Array);
    initial.dispose();

    const cpu = await trainStep('cpu', weights);
    const wasm = await trainStep('wasm', weights);
    expect(wasm.kernels).toEqual(expect.arrayContaining([
      'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput', 'MaxPoolGrad',
    ]));
    expect(wasm.gradients).toHaveLength(8);
    for (let i = 0; i < cpu.gradients.length; i++) {
      expect(Math.max(...cpu.gradients[i].map(Math.abs)), `gradient ${i} is not all zero`).toBeGreaterThan(0);
      expect(maxScaledDiff(wasm.gradients[i], cpu.gradients[i]), `gradient ${i}`).toBeLessThan(1e-4);
      expect(maxScaledDiff(wasm.updated[i], cpu.updated[i]), `weights ${i}`).toBeLessThan(1e-4);
    }
  });
});
