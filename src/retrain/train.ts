import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError, invalidParameter } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import { compressImages, describeAugmentation, drawLevels, type Augmentation } from './augment.js';
import { readCheckpoint, restoreCheckpoint, saveCheckpoint, type EpochRecord } from './checkpoint.js';
import { checkLabels, imagesToTensor, type InputShape, type LabelledImages } from './data.js';
import { classifierShape } from './layers-io.js';
import { TrainingRng } from './rng.js';

export interface TrainClassifierOptions {
  /** The starting point (pre-trained weights, or a fresh reference network). Not modified when resuming from a checkpoint. */
  model: tfl.LayersModel;
  /** The model as the user named it, for messages. */
  modelId: string;
  train: LabelledImages;
  val?: LabelledImages;
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
}

export interface TrainClassifierResult {
  model: tfl.LayersModel;
  history: EpochRecord[];
  /** Epoch the run started from (0: from the given model). */
  resumedFrom: number;
}

/** Validation images are compressed as training was: the fixed level, each mixed level in turn, pristine for random. */
function validationLevels(a: Augmentation, count: number): (number | null)[] {
  if (a.kind === 'fixed') return new Array<number>(count).fill(a.level);
  if (a.kind === 'mixed') return Array.from({ length: count }, (_, i) => a.levels[i % a.levels.length]);
  return new Array<null>(count).fill(null);
}

/** Top-1 accuracy of a Layers classifier on images (batched inference). */
export async function top1(model: tfl.LayersModel, images: readonly RgbImage[], labels: readonly number[], shape: InputShape, batchSize = 256): Promise<number | null> {
  if (images.length === 0) return null;
  let hits = 0;
  for (let start = 0; start < images.length; start += batchSize) {
    const predicted = tf.tidy(() => {
      const x = imagesToTensor(images.slice(start, start + batchSize), shape);
      return tf.argMax(model.predict(x) as tf.Tensor, -1);
    });
    const values = await predicted.data();
    predicted.dispose();
    values.forEach((p, i) => { if (p === labels[start + i]) hits += 1; });
  }
  return hits / images.length;
}

function fingerprint(options: TrainClassifierOptions, batchSize: number, learningRate: number): string {
  const settings = { seed: options.seed, batchSize, learningRate, augmentation: options.augmentation, train: [options.train.source, options.train.images.length], model: options.modelId };
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

/**
 * Trains (or fine-tunes) a Layers classifier with Adam and categorical cross-entropy, on
 * training images compressed as `augmentation` says. Each epoch: one permutation and the
 * epoch's compression draws from the seeded RNG, then batches in that order. Fixed-level data is
 * compressed once; other augmentations are compressed per epoch, the next epoch's while this
 * one trains (sharp works on other cores). After every epoch a checkpoint is written; a call
 * with the same settings and checkpoint folder resumes from it, and gives the same weights an
 * uninterrupted run does.
 */
export async function trainClassifier(options: TrainClassifierOptions): Promise<TrainClassifierResult> {
  const batchSize = options.batchSize ?? 64;
  const learningRate = options.learningRate ?? 1e-3;
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw invalidParameter('integer of at least 1', 'epochs', options.epochs);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw invalidParameter('integer of at least 1', 'batch size', batchSize);
  if (!(learningRate > 0)) throw invalidParameter('positive number', 'learning rate', learningRate);
  if (!Number.isInteger(options.seed)) throw invalidParameter('integer', 'seed', options.seed);
  const shape = classifierShape(options.model, options.modelId);
  checkLabels(options.train, shape.classes, options.modelId);
  if (options.val) checkLabels(options.val, shape.classes, options.modelId);
  if (options.train.images.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one training image', { file: options.train.source });

  const optimizer = tf.train.adam(learningRate);
  const print = fingerprint(options, batchSize, learningRate);
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
    }
  }
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });

  const { augmentation } = options;
  const count = options.train.images.length;
  const codec = augmentation.kind === 'none' ? undefined : augmentation;
  const compress = (levels: (number | null)[]): Promise<RgbImage[]> =>
    codec ? compressImages(options.train.images, levels, codec.codec, codec.params) : Promise.resolve(options.train.images);
  const fixed = augmentation.kind === 'fixed' || augmentation.kind === 'none' ? compress(drawLevels(augmentation, count, rng)) : undefined;
  const valImages = options.val && codec ? await compressImages(options.val.images, validationLevels(augmentation, options.val.images.length), codec.codec, codec.params) : options.val?.images;

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
        x: imagesToTensor(indices.map((i) => images[i]), shape),
        y: tf.oneHot(tf.tensor1d(indices.map((i) => options.train.labels[i]), 'int32'), shape.classes),
      }));
      const loss = await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      lossSum += Array.isArray(loss) ? loss[0] : loss;
      batches += 1;
      options.onBatch?.(Math.min(start + batchSize, count), count);
    }
    const valTop1 = options.val && valImages ? await top1(model, valImages, options.val.labels, shape) : null;
    const record: EpochRecord = { epoch, loss: lossSum / batches, valTop1, images: count, seconds: (performance.now() - started) / 1000 };
    history = [...history, record];
    if (options.checkpointDir) {
      await saveCheckpoint(options.checkpointDir, model, optimizer, { fingerprint: print, epoch, rngState: current.rngAfter, history });
    }
    options.onEpoch?.(record);
  }
  return { model, history, resumedFrom };
}

export { describeAugmentation };
