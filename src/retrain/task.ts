import type { TaskName } from '../tasks/index.js';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { CodecParams } from '../codecs/params.js';
import type { Dataset } from '../datasets/dataset.js';
import type { RgbImage } from '../media/image.js';
import type { ModelShape } from '../models/layers/shape.js';
import type { LoadLabelledOptions } from './data.js';
import type { TrainStep } from './train-step.js';

/** The tasks `retrain` knows; also written into every saved model's metadata (see models/layers/metadata.ts). */
export type RetrainTaskId = TaskName;

/** A Keras-style loss: per-sample (or per-pixel) values, reduced to the mean by the Layers engine. */
export type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** What every task's training data has: pristine images, named by where they came from. */
export interface TrainingSet {
  /** The dataset as given, for messages and provenance. */
  readonly source: string;
  readonly images: RgbImage[];
  /** Class names in label order, when the dataset names them. */
  readonly classes: readonly string[];
}

/** Samples compressed at a level each (null: pristine), and what they cost in bits. */
export interface CompressedSamples {
  readonly images: RgbImage[];
  readonly bits: number;
  readonly pixels: number;
}

/**
 * What the training loop, the study and the sweep need to know about one task, so that they are
 * written once: how data is read and checked, what a model's output must look like, the training
 * target of a batch, the score (higher is better) used for validation and the before/after table,
 * and the reference architecture that stands in when the user brings no model.
 */
export interface RetrainTask<D extends TrainingSet = TrainingSet> {
  readonly id: RetrainTaskId;
  /** The score's name in results and the sweep store ("top1", "mIoU"). */
  readonly metric: string;
  /** How tables name it ("top-1 accuracy"). */
  readonly metricLabel: string;
  /** `ref:` model built (and pre-trained on pristine data) when no model is given. */
  readonly reference: { readonly id: string; shape(data: D): ModelShape; build(shape: ModelShape, seed: number): tfl.LayersModel };
  /** Checks a model's input and output and returns its shape; throws a user error otherwise. */
  modelShape(model: tfl.LayersModel, spec: string): ModelShape;
  /** Reads a dataset into memory; unlabelled data fails here. */
  load(dataset: Dataset, source: string, options: LoadLabelledOptions): Promise<D>;
  /** Throws a user error when a label does not fit the model's class count. */
  checkLabels(data: D, classes: number, model: string): void;
  /** The training loss; default categorical cross-entropy over the output's last axis. */
  readonly loss?: LossFunction;
  /** The batch's training target, matching the model's output. */
  targets(data: D, indices: readonly number[], shape: ModelShape): tf.Tensor;
  /** Scores a model on images (`data`'s images, possibly compressed): null when there are none. */
  score(model: tfl.LayersModel, images: readonly RgbImage[], data: D, shape: ModelShape): Promise<number | null>;
  /** Settings the sweep engine needs to score this task like `run` does (class count, ignore index). */
  sweepTaskOptions(data: D, shape: ModelShape): Record<string, number>;
  /** What a saved model must carry in its metadata to be read back like the training data (a detector's category ids). */
  modelDetails?(data: D): Record<string, unknown>;
  /** A training step with an adversarial term of this weight (a conditional GAN), where the task has one. */
  adversarial?(weight: number, shape: ModelShape, learningRate: number, seed: number): TrainStep;
  /**
   * Video tasks: a sample (`images[i]`) is a clip, its frames stacked top to bottom in one
   * RgbImage, so batching, subsets and checkpoints stay shared. Such a task reads its own data
   * format (`read`), compresses with video codecs (`codecKind`, `compress`) and builds its model
   * inputs (`inputs`). Image tasks leave these out: one image codec per image, one input tensor.
   */
  readonly codecKind?: 'image' | 'video';
  /** Reads a dataset for a role (train, val, test) when openDataset does not know its format. */
  read?(spec: string, role: 'train' | 'val' | 'test', options: LoadLabelledOptions): Promise<D>;
  /** Compresses samples (null level: kept pristine) and decodes them back; default each image with the image codec. */
  compress?(images: readonly RgbImage[], levels: readonly (number | null)[], codec: string, params: CodecParams): Promise<CompressedSamples>;
  /** The model's input(s) for a batch of samples; default one [N, H, W, C] image tensor. */
  inputs?(images: readonly RgbImage[], shape: ModelShape): tf.Tensor | tf.Tensor[];
}
