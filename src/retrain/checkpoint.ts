import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError } from '../errors.js';
import { loadLayersModel, saveLayersModel } from '../models/layers/io.js';
import { writeFileAtomic } from '../files.js';
import { is } from '../validate.js';
import { restoreOptimizerState, saveOptimizerState, type OptimizerManifest } from './optimizer-state.js';

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
  optimizer: OptimizerManifest;
}

export const CHECKPOINT_FILE = 'checkpoint.json';

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
  const manifest = await saveOptimizerState(optimizer, path.join(target, 'optimizer.bin'));
  // What a custom training step owns (a discriminator) goes in the same folder, before the pointer moves.
  await saveExtra?.(target);
  const full: CheckpointState = { version: 1, ...state, folder, optimizer: manifest };
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
  await restoreOptimizerState(optimizer, path.join(folder, 'optimizer.bin'), state.optimizer);
  return model;
}
