import { createHash } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError, invalidParameter } from '../errors.js';
import type { CodecParams } from '../codecs/params.js';
import type { RgbImage } from '../media/image.js';
import { imagesToTensor } from '../models/layers/tensors.js';
import { compressImages, describeAugmentation, drawLevels, type Augmentation } from './augment.js';
import { readCheckpoint, restoreCheckpoint, saveCheckpoint, type EpochRecord } from './checkpoint.js';
import type { LabelledImages } from './data.js';
import { TrainingRng } from './rng.js';
import type { RetrainTask, TrainingSet } from './task.js';
import type { TrainStep } from './train-step.js';
import { classificationRetrainTask } from './tasks/classification.js';

export interface TrainOptions<D extends TrainingSet> {
  /** The starting point (pre-trained weights, or a fresh reference network). Not modified when resuming from a checkpoint. */
  model: tfl.LayersModel;
  /** The model as the user named it, for messages. */
  modelId: string;
  train: D;
  val?: D;
  augmentation: Augmentation;
  /** Total epochs; a resumed run goes on until this many are complete. */
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed: number;
  /** Where a checkpoint is saved after every epoch, and resumed from if one is there. */
  checkpointDir?: string;
  /** Stop after this many epochs in this call (an interruption, for tests and time budgets). */
  stopAfterEpochs?: number;
  onEpoch?: (record: EpochRecord) => void;
  onBatch?: (done: number, total: number) => void;
  /** A custom step instead of `trainOnBatch` (adversarial training); its state is checkpointed with the model's. */
  step?: TrainStep;
}

export type TrainClassifierOptions = TrainOptions<LabelledImages>;

export interface TrainResult {
  model: tfl.LayersModel;
  history: EpochRecord[];
  /** Epoch the run started from (0: from the given model). */
  resumedFrom: number;
}

export type TrainClassifierResult = TrainResult;

/** Validation images are compressed as training was: the fixed level, each mixed level in turn, pristine for random. */
function validationLevels(a: Augmentation, count: number): (number | null)[] {
  if (a.kind === 'fixed') return new Array<number>(count).fill(a.level);
  if (a.kind === 'mixed') return Array.from({ length: count }, (_, i) => a.levels[i % a.levels.length]);
  return new Array<null>(count).fill(null);
}

export { top1 } from './tasks/classification.js';

function fingerprint<D extends TrainingSet>(task: RetrainTask<D>, options: TrainOptions<D>, batchSize: number, learningRate: number): string {
  const settings = {
    seed: options.seed, batchSize, learningRate, augmentation: options.augmentation, train: [options.train.source, options.train.images.length], model: options.modelId,
    // Classification runs keep the fingerprint they had before tasks existed, so their checkpoints still resume.
    ...(task.id === 'classification' ? {} : { task: task.id }),
    ...options.step?.settings,
  };
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

/** `trainModel` for a classifier. */
export function trainClassifier(options: TrainClassifierOptions): Promise<TrainResult> {
  return trainModel(classificationRetrainTask, options);
}

/**
 * Trains (or fine-tunes) a Layers model for a task with Adam and categorical cross-entropy (per
 * image for classification, per pixel for segmentation: the target is one-hot over the model's
 * last axis), on training images compressed as `augmentation` says; the task's score on the
 * validation data after every epoch. Each epoch: one permutation and the
 * epoch's compression draws from the seeded RNG, then batches in that order. Fixed-level data is
 * compressed once; other augmentations are compressed per epoch, the next epoch's while this
 * one trains (sharp works on other cores). After every epoch a checkpoint is written; a call
 * with the same settings and checkpoint folder resumes from it, and gives the same weights an
 * uninterrupted run does.
 */
export async function trainModel<D extends TrainingSet>(task: RetrainTask<D>, options: TrainOptions<D>): Promise<TrainResult> {
  const batchSize = options.batchSize ?? 64;
  const learningRate = options.learningRate ?? 1e-3;
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw invalidParameter('integer of at least 1', 'epochs', options.epochs);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw invalidParameter('integer of at least 1', 'batch size', batchSize);
  if (!(learningRate > 0)) throw invalidParameter('positive number', 'learning rate', learningRate);
  if (!Number.isInteger(options.seed)) throw invalidParameter('integer', 'seed', options.seed);
  const shape = task.modelShape(options.model, options.modelId);
  task.checkLabels(options.train, shape.classes, options.modelId);
  if (options.val) task.checkLabels(options.val, shape.classes, options.modelId);
  if (options.train.images.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one training image', { file: options.train.source });

  const optimizer = tf.train.adam(learningRate);
  const print = fingerprint(task, options, batchSize, learningRate);
  const rng = new TrainingRng(options.seed);
  let model = options.model;
  let history: EpochRecord[] = [];
  let resumedFrom = 0;
  if (options.checkpointDir) {
    const saved = await readCheckpoint(options.checkpointDir);
    if (saved) {
      if (saved.fingerprint !== print) {
        throw new LossyvisionError('INVALID_ARGUMENT', 'Expected a checkpoint of this training run (same model, data, codec, seed, batch size, learning rate) but found another one; use a new --out folder', { file: options.checkpointDir });
      }
      // The optimizer's moments are created by its first step, so the model must be compiled with it first.
      model = await restoreCheckpoint(options.checkpointDir, saved, optimizer);
      history = saved.history;
      resumedFrom = saved.epoch;
      rng.state = saved.rngState;
      await options.step?.restore(path.join(options.checkpointDir, saved.folder));
    }
  }
  model.compile({ optimizer, loss: task.loss ?? 'categoricalCrossentropy' });

  const { augmentation } = options;
  const count = options.train.images.length;
  const codec = augmentation.kind === 'none' ? undefined : augmentation;
  // A task with its own compression (video clips) compresses through it; images go through the image codec.
  const compressSet = (images: RgbImage[], levels: (number | null)[], c: { codec: string; params: CodecParams }): Promise<RgbImage[]> =>
    task.compress ? task.compress(images, levels, c.codec, c.params).then((r) => r.images) : compressImages(images, levels, c.codec, c.params);
  const compress = (levels: (number | null)[]): Promise<RgbImage[]> =>
    codec ? compressSet(options.train.images, levels, codec) : Promise.resolve(options.train.images);
  const fixed = augmentation.kind === 'fixed' || augmentation.kind === 'none' ? compress(drawLevels(augmentation, count, rng)) : undefined;
  const valImages = options.val && codec ? await compressSet(options.val.images, validationLevels(augmentation, options.val.images.length), codec) : options.val?.images;

  const plan = (): { order: number[]; images: Promise<RgbImage[]>; rngAfter: number } => {
    const order = rng.permutation(count);
    const images = fixed ?? compress(drawLevels(augmentation, count, rng));
    images.catch(() => undefined); // awaited below; a rejection must not be unhandled meanwhile
    return { order, images, rngAfter: rng.state };
  };

  const last = Math.min(options.epochs, resumedFrom + (options.stopAfterEpochs ?? Infinity));
  let upcoming = resumedFrom < last ? plan() : undefined;
  for (let epoch = resumedFrom + 1; epoch <= last && upcoming; epoch++) {
    const started = performance.now();
    const current = upcoming;
    const images = await current.images;
    // Draw and start compressing the next epoch now, so sharp works while TF.js trains.
    upcoming = epoch < last ? plan() : undefined;
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < count; start += batchSize) {
      const indices = current.order.slice(start, start + batchSize);
      const { x, y } = tf.tidy(() => ({
        x: task.inputs ? task.inputs(indices.map((i) => images[i]), shape) : imagesToTensor(indices.map((i) => images[i]), shape),
        y: task.targets(options.train, indices, shape),
      }));
      if (options.step && Array.isArray(x)) throw new LossyvisionError('UNSUPPORTED', `Expected a single-input model for a custom training step (--adversarial) but ${options.modelId} takes ${x.length} inputs`, { file: options.modelId });
      const loss = options.step && !Array.isArray(x) ? await options.step.run(model, optimizer, x, y) : await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      lossSum += Array.isArray(loss) ? loss[0] : loss;
      batches += 1;
      options.onBatch?.(Math.min(start + batchSize, count), count);
    }
    const valScore = options.val && valImages ? await task.score(model, valImages, options.val, shape) : null;
    const record: EpochRecord = { epoch, loss: lossSum / batches, valMetric: task.metric, valScore, images: count, seconds: (performance.now() - started) / 1000 };
    history = [...history, record];
    if (options.checkpointDir) {
      await saveCheckpoint(options.checkpointDir, model, optimizer, { fingerprint: print, epoch, rngState: current.rngAfter, history }, options.step && ((folder) => options.step!.save(folder)));
    }
    options.onEpoch?.(record);
  }
  return { model, history, resumedFrom };
}

export { describeAugmentation };
