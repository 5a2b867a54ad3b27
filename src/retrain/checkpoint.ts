import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError } from '../errors.js';
import { is } from '../validate.js';
import { loadLayersModel, saveLayersModel, writeFileAtomic } from './layers-io.js';

/** One finished epoch, as saved for the report. */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** The task's validation score ("top1", "mIoU"). */
  valMetric: string;
  /** That score after the epoch; null without validation data. */
  valScore: number | null;
  images: number;
  seconds: number;
}

/** What `checkpoint.json` holds: the last completed epoch and everything needed to go on from it. */
export interface CheckpointState {
  version: 1;
  /** Identifies the run's settings (not its epoch count): a checkpoint of another run is refused. */
  fingerprint: string;
  epoch: number;
  /** Folder of this epoch's model and optimizer state, relative to the checkpoint folder. */
  folder: string;
  rngState: number;
  history: EpochRecord[];
  optimizer: { weights: { name: string; shape: number[]; dtype: string }[]; extra: Record<string, number> };
}

export const CHECKPOINT_FILE = 'checkpoint.json';

// Adam keeps β1^t and β2^t as running products; setWeights recomputes them with pow, which can
// differ in the last bit. Saving the products keeps a resumed run bit-identical.
const ADAM_EXTRA = ['accBeta1', 'accBeta2'] as const;

type WithExtra = Partial<Record<(typeof ADAM_EXTRA)[number], tf.Variable>>;

/**
 * Saves one epoch: model and optimizer into `epoch-NNNN/`, then `checkpoint.json` atomically.
 * Until that last rename the previous checkpoint stays the one a resume reads, so an interruption
 * at any moment resumes from the last completed epoch.
 */
export async function saveCheckpoint(dir: string, model: tfl.LayersModel, optimizer: tf.Optimizer, state: Omit<CheckpointState, 'version' | 'folder' | 'optimizer'>, saveExtra?: (folder: string) => Promise<void>): Promise<void> {
  const folder = `epoch-${String(state.epoch).padStart(4, '0')}`;
  const target = path.join(dir, folder);
  await mkdir(target, { recursive: true });
  await saveLayersModel(model, target);
  const named = await optimizer.getWeights();
  const data = await Promise.all(named.map(async (w) => new Float32Array(await w.tensor.data())));
  const bytes = new Uint8Array(data.reduce((n, d) => n + d.byteLength, 0));
  let offset = 0;
  for (const d of data) {
    bytes.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), offset);
    offset += d.byteLength;
  }
  await writeFileAtomic(path.join(target, 'optimizer.bin'), bytes);
  // What a custom training step owns (a discriminator) goes in the same folder, before the pointer moves.
  await saveExtra?.(target);
  const extra: Record<string, number> = {};
  for (const key of ADAM_EXTRA) {
    const v = (optimizer as unknown as WithExtra)[key];
    if (v) extra[key] = (await v.data())[0];
  }
  const full: CheckpointState = {
    version: 1, ...state, folder,
    optimizer: { weights: named.map((w) => ({ name: w.name, shape: w.tensor.shape, dtype: w.tensor.dtype })), extra },
  };
  for (const w of named) if (w.name === 'iter') w.tensor.dispose();
  await writeFileAtomic(path.join(dir, CHECKPOINT_FILE), JSON.stringify(full, null, 1));
  // The previous epoch's folder is no longer needed once the pointer has moved on.
  if (state.epoch > 1) await rm(path.join(dir, `epoch-${String(state.epoch - 1).padStart(4, '0')}`), { recursive: true, force: true });
}

/** Reads `checkpoint.json` if there is one. */
export async function readCheckpoint(dir: string): Promise<CheckpointState | undefined> {
  const file = path.join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (error) {
    throw new LossyvisionError('INVALID_FILE', `Expected a checkpoint JSON: ${(error as Error).message}`, { file }, { cause: error });
  }
  if (!is.object(state) || state.version !== 1 || !is.integer(state.epoch) || !is.string(state.folder) || !Array.isArray(state.history)) {
    throw new LossyvisionError('INVALID_FILE', 'Expected a lossyvision checkpoint (version 1)', { file });
  }
  return state as unknown as CheckpointState;
}

/** Loads the checkpointed model and restores the optimizer's state into `optimizer`. */
export async function restoreCheckpoint(dir: string, state: CheckpointState, optimizer: tf.Optimizer): Promise<tfl.LayersModel> {
  const folder = path.join(dir, state.folder);
  const model = await loadLayersModel(folder);
  const file = path.join(folder, 'optimizer.bin');
  const bytes = await readFile(file);
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let offset = 0;
  const named = state.optimizer.weights.map((w) => {
    const size = w.shape.reduce((a, b) => a * b, 1);
    const values = floats.subarray(offset, offset + size);
    offset += size;
    return { name: w.name, tensor: w.dtype === 'int32' ? tf.tensor(Int32Array.from(values), w.shape, 'int32') : tf.tensor(values, w.shape, 'float32') };
  });
  if (offset !== floats.length) throw new LossyvisionError('INVALID_FILE', `Expected ${offset} optimizer values but found ${floats.length}`, { file });
  await optimizer.setWeights(named);
  for (const [key, value] of Object.entries(state.optimizer.extra)) {
    const v = (optimizer as unknown as WithExtra)[key as (typeof ADAM_EXTRA)[number]];
    v?.assign(tf.scalar(value));
  }
  tf.dispose(named.map((n) => n.tensor));
  return model;
}
