import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { LossyvisionError } from '../errors.js';
import { writeFileAtomic } from '../files.js';

// Adam keeps β1^t and β2^t as running products; setWeights recomputes them with pow, which can
// differ in the last bit. Saving the products keeps a resumed run bit-identical.
const ADAM_EXTRA = ['accBeta1', 'accBeta2'] as const;
type WithExtra = Partial<Record<(typeof ADAM_EXTRA)[number], tf.Variable>>;

/** What restoring needs beside the values: each weight's name, shape and dtype, and Adam's products. */
export interface OptimizerManifest {
  weights: { name: string; shape: number[]; dtype: string }[];
  extra: Record<string, number>;
}

/** Writes an optimizer's values to `file` (float32, in `getWeights` order) and returns the manifest that restores them. */
export async function saveOptimizerState(optimizer: tf.Optimizer, file: string): Promise<OptimizerManifest> {
  const named = await optimizer.getWeights();
  const data = await Promise.all(named.map(async (w) => new Float32Array(await w.tensor.data())));
  const bytes = new Uint8Array(data.reduce((n, d) => n + d.byteLength, 0));
  let offset = 0;
  for (const d of data) {
    bytes.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), offset);
    offset += d.byteLength;
  }
  const extra: Record<string, number> = {};
  for (const key of ADAM_EXTRA) {
    const v = (optimizer as unknown as WithExtra)[key];
    if (v) extra[key] = (await v.data())[0];
  }
  const manifest: OptimizerManifest = { weights: named.map((w) => ({ name: w.name, shape: w.tensor.shape, dtype: w.tensor.dtype })), extra };
  for (const w of named) if (w.name === 'iter') w.tensor.dispose();
  await writeFileAtomic(file, bytes);
  return manifest;
}

/** Restores what `saveOptimizerState` wrote to `file` into `optimizer`. */
export async function restoreOptimizerState(optimizer: tf.Optimizer, file: string, manifest: OptimizerManifest): Promise<void> {
  const bytes = await readFile(file).catch((error: unknown) => {
    throw new LossyvisionError('INVALID_FILE', 'Expected optimizer state in the checkpoint but it cannot be read', { file }, { cause: error });
  });
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let offset = 0;
  const named = manifest.weights.map((w) => {
    const size = w.shape.reduce((a, b) => a * b, 1);
    const values = floats.subarray(offset, offset + size);
    offset += size;
    return { name: w.name, tensor: w.dtype === 'int32' ? tf.tensor(Int32Array.from(values), w.shape, 'int32') : tf.tensor(values, w.shape, 'float32') };
  });
  if (offset !== floats.length) throw new LossyvisionError('INVALID_FILE', `Expected ${offset} optimizer values but found ${floats.length}`, { file });
  await optimizer.setWeights(named);
  for (const [key, value] of Object.entries(manifest.extra)) (optimizer as unknown as WithExtra)[key as (typeof ADAM_EXTRA)[number]]?.assign(tf.scalar(value));
  tf.dispose(named.map((n) => n.tensor));
}
