import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initTrainingBackend } from '../../../src/retrain/backend.js';
import { registerWasmTrainingKernels } from '../../../src/retrain/kernels/index.js';
import { tfjsBackend } from '../../../src/models/runtimes/tfjs.js';

describe('training backend and kernel registration', () => {
  it('provides the missing wasm gradient kernels, also after the inference runtime initialised wasm', async () => {
    // Without registration the wasm backend has none of them.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    await tfjsBackend('wasm');
    const info = await initTrainingBackend('wasm');
    expect(info.name).toBe('wasm');
    expect(info.providedKernels).toEqual([
      'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput',
      'Conv2DBackpropInput', 'MaxPoolGrad',
    ]);
    for (const name of info.providedKernels) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });

  it('is idempotent: a second registration registers nothing', async () => {
    await initTrainingBackend('wasm');
    expect(registerWasmTrainingKernels()).toEqual([]);
  });

  it('leaves no intermediate buffers on the wasm heap', async () => {
    await initTrainingBackend('wasm');
    const x = tf.ones([40, 32, 32, 16]);
    const dy = tf.ones([40, 16, 16, 8]);
    const w = tf.ones([3, 3, 16, 8]);
    const before = tf.backend().numDataIds();
    // Batch 40 forces the chunked paths of both convolution kernels.
    const calls = [
      () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 16, 8] }),
      () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', inputShape: [40, 32, 32, 16] }),
      () => tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.transpose(x, [0, 3, 1, 2]), dy: tf.transpose(dy, [0, 3, 1, 2]) }, { strides: [2, 2], pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 16, 8] }),
    ];
    for (const call of calls) tf.tidy(() => { call(); });
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose([x, dy, w]);
  });

  it('reports no provided kernels on the cpu backend', async () => {
    const info = await initTrainingBackend('cpu');
    expect(info.name).toBe('cpu');
    expect(info.providedKernels).toEqual([]);
  });

  it('rejects an unknown backend with the known ones listed', async () => {
    await expect(initTrainingBackend('gpu' as never)).rejects.toThrow(/Unknown TF\.js backend "gpu", expected one of: auto, wasm, tensorflow, cpu/);
  });
});
