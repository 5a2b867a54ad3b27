import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { tfjsBackend } from '../../../src/models/runtimes/tfjs.js';

/** Deterministic values of each dtype. */
function values(n: number, dtype: 'float32' | 'int32' | 'bool', seed: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const v = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453;
    const f = v - Math.floor(v);
    return dtype === 'bool' ? (f < 0.5 ? 1 : 0) : dtype === 'int32' ? Math.floor(f * 2000 - 1000) : f * 200 - 100;
  });
}

describe('wasm Concat without per-row views', () => {
  const cases: { shapes: number[][]; axis: number; dtype: 'float32' | 'int32' | 'bool' }[] = [
    { shapes: [[1, 13, 13, 7], [1, 13, 13, 9]], axis: 3, dtype: 'float32' }, // channels of a feature map
    { shapes: [[2, 3], [2, 4], [2, 1]], axis: 1, dtype: 'float32' },
    { shapes: [[2, 3], [5, 3]], axis: 0, dtype: 'int32' },
    { shapes: [[1, 8, 8, 2], [1, 8, 8, 0], [1, 8, 8, 3]], axis: -1, dtype: 'float32' }, // an empty input
    { shapes: [[3, 2, 2], [3, 1, 2]], axis: 1, dtype: 'bool' },
    { shapes: [[4, 5], [4, 0]], axis: 1, dtype: 'int32' }, // one non-empty input: the original kernel
  ];

  it('is the kernel registered for wasm once the backend is up', async () => {
    await tfjsBackend('wasm');
    expect(tf.getKernel(tf.Concat, 'wasm')?.kernelFunc.toString()).toContain('copyWithin');
  });

  it.each(cases)('concatenates $shapes on axis $axis ($dtype) exactly as the cpu backend does', async ({ shapes, axis, dtype }) => {
    await tfjsBackend('wasm');
    const inputs = shapes.map((s, i) => values(s.reduce((a, b) => a * b, 1), dtype, i));
    const run = async (backend: string): Promise<{ shape: number[]; data: number[] }> => {
      await tf.setBackend(backend);
      const tensors = inputs.map((v, i) => tf.tensor(v, shapes[i], dtype));
      const out = tf.concat(tensors, axis);
      const result = { shape: out.shape, data: Array.from(await out.data()) };
      tf.dispose([...tensors, out]);
      return result;
    };
    try {
      const wasm = await run('wasm');
      const cpu = await run('cpu');
      expect(wasm.shape).toEqual(cpu.shape);
      expect(wasm.data).toEqual(cpu.data);
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
