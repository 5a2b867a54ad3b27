/** Runs one kernel on the wasm backend (with our kernels) and on the cpu backend, same inputs. */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { initTrainingBackend } from '../../../src/retrain/backend.js';

/** Deterministic values in [-1, 1) (mulberry32). */
export function seededValues(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

export interface Input { shape: number[]; values: Float32Array }

export function input(shape: number[], seed: number): Input {
  return { shape, values: seededValues(shape.reduce((a, b) => a * b, 1), seed) };
}

export async function runOn(backend: 'wasm' | 'cpu', kernelName: string, inputs: Record<string, Input>, attrs: NamedAttrMap): Promise<{ shape: number[]; values: Float32Array }> {
  await initTrainingBackend(backend);
  return tf.tidy(() => {
    const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape, 'float32')]));
    const out = tf.engine().runKernel(kernelName, tensors, attrs) as tf.Tensor;
    return { shape: out.shape, values: out.dataSync() as Float32Array };
  });
}

/** Largest absolute difference, scaled down when the reference's magnitude exceeds 1. */
export function maxScaledDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
  }
  return diff / scale;
}
