import type { Direction, Metric, MetricValues } from '../metrics/metric.js';
import type { Adapter } from '../models/adapters/adapter.js';
import type { Model } from '../models/model.js';
import type { Runtime } from '../models/runtimes/runtime.js';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RetrainTask, TrainingSet } from '../retrain/task.js';
import type { EvalFlags, EvalOutput } from './eval-output.js';
import type { TaskOption, TaskOptions } from './options.js';
import type { TaskView } from './view.js';

/**
 * What a metric's values mean, declared on the metric's binding (as torchmetrics keeps
 * `higher_is_better` on the metric): which value is the task's headline, which values are
 * errors (lower is better), and how the bootstrap tells a repeated sample apart.
 */
export interface MetricMeaning {
  /** The value people quote for this metric (COCO "AP", segmentation "mIoU"). */
  readonly headline: string;
  /** Value names where smaller is better (depth errors); every other value is higher-is-better. */
  readonly lowerIsBetter?: readonly string[];
  /**
   * The state to load for the `copy`-th repeat (1, 2, …) of a sample drawn more than once by
   * the bootstrap. Metrics keyed by image id (COCO) refuse the same image twice, so repeats need
   * a new id; count-based metrics leave this out.
   */
  readonly repeat?: (state: unknown, copy: number) => unknown;
}

/** A metric accumulator with the way to read its result as named numbers for tables and the store. */
export interface MetricBinding extends MetricMeaning {
  // The sweep feeds predictions and ground truth through opaquely; each task keeps its own types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly metric: Metric<any, any, unknown>;
  /** Flattens `compute()` into named numbers (null = undefined, never 0). */
  values(result: unknown): MetricValues;
  /** The value names shown in the study-layout table, in order; the store keeps all of them. */
  readonly columns: readonly string[];
  /** The metric per class (category, class, keypoint), read from the accumulator; absent when the metric has no classes. */
  readonly perClass?: (metric: MetricBinding['metric']) => PerClass;
  /**
   * `values(metric.compute())[name] ?? null` computing only that value, where it is much cheaper
   * than all of them (the report's bootstrap reads one value per resample, thousands of times).
   */
  readonly value?: (metric: MetricBinding['metric'], name: string) => number | null;
  /**
   * Merging is order-free: a merged metric's values depend only on which samples went in how
   * often, not on the order (COCO sorts images by id; float sums would not qualify), so the
   * report's bootstrap scores a repeated resample once.
   */
  readonly orderFree?: boolean;
}

/** One class's value in a per-class breakdown; null = undefined (nothing of that class to score). */
export interface ClassValue {
  /** Stable key: the category id, class index or keypoint index, as text. */
  readonly id: string;
  readonly name: string;
  readonly value: number | null;
  /** Per object size ("small", "medium", "large"), where the task has sizes. */
  readonly sizes?: Readonly<Record<string, number | null>>;
}

/** A metric broken down by class, as the report's per-class collapse reads it. */
export interface PerClass {
  /** What a class is here. */
  readonly kind: 'category' | 'class' | 'keypoint';
  /** The value each class gets ("AP", "IoU", "PCKh@0.5"). */
  readonly value: string;
  readonly classes: readonly ClassValue[];
  /** Over every class, per object size, where the task has sizes. */
  readonly sizes?: Readonly<Record<string, number | null>>;
}

/** Which way is better for one value of a metric binding. */
export function directionOf(binding: MetricMeaning, value: string): Direction {
  return binding.lowerIsBetter?.includes(value) ? 'lower' : 'higher';
}

/** What a metric set may depend on in the dataset: its format, named classes, ignore label and test splits. */
export interface DatasetInfo {
  readonly format: string;
  readonly categories?: ReadonlyMap<number, string>;
  /** Mask folders carry theirs (VOC and Cityscapes: 255). */
  readonly ignoreIndex?: number;
  /** UCF101-style data: the test splits scored (action keeps a column per split). */
  readonly splits?: readonly number[];
}

/**
 * A user's ONNX or TF.js graph model of this task: the adapter that does its pre- and
 * post-processing, from the settings (the model config file merged with flags) validated by the
 * task's own schema.
 */
export type UserTaskAdapter = (runtime: Runtime, settings: Record<string, unknown>, configFile?: string) => Promise<Adapter<unknown>>;

/** Options a TF.js Layers model (trainable; what `retrain` writes) is loaded with. */
export interface LayersLoadOptions {
  /** Class names in label order. */
  readonly classes?: string[];
}

/** A TF.js Layers model of this task (retrained, or a user's Keras export) as a sweep model. */
export type LayersAdapter = (spec: string, layers: tfl.LayersModel, options: LayersLoadOptions) => Promise<Model>;

/** One way of scoring prediction files against ground truth (`lossyvision eval`). */
export type EvalHandler = (flags: EvalFlags) => Promise<EvalOutput>;

/**
 * Everything the program knows about one task, in one declared object: its metrics (with what
 * they mean), reference-mode ground truth, prediction checks, its options (with their flags),
 * how a prediction is drawn and listed, the adapters for user models, its `eval` protocols and
 * its retraining hooks. `TASKS` (tasks/index.ts) lists them; every registry is derived from it.
 */
export interface TaskDeclaration<Id extends string = string> {
  readonly id: Id;
  /** Metric accumulators for a dataset, under the user's metric settings. */
  metrics(dataset: DatasetInfo, options: TaskOptions): MetricBinding[];
  /** Ground truth from the model's pristine prediction, for unlabelled data. */
  referenceGroundTruth(pristine: unknown, sample: { imageId: number; width: number; height: number }, threshold: number, options: TaskOptions): unknown;
  /** The image id a sample's ground truth uses; predictions are bound to it before scoring. */
  imageId(groundTruth: unknown): number;
  /** Makes a model's prediction refer to the image its ground truth describes. */
  bind(prediction: unknown, imageId: number): unknown;
  /** Why a prediction is malformed, or undefined when it is well-formed. */
  checkPrediction(prediction: unknown): string | undefined;
  /** Settings a user may change, with their flags (one table for run, predict, eval and retrain). */
  readonly options: readonly TaskOption[];
  /** How a prediction is drawn over its image and listed as rows (predict, report). */
  readonly view: TaskView;
  /** Model adapters for user models, by runtime format. */
  readonly adapters: { readonly graph?: UserTaskAdapter; readonly layers?: LayersAdapter };
  /** `lossyvision eval` protocols; `default` is used when `--protocol` is not given. */
  readonly eval?: { readonly protocols: Readonly<Record<string, EvalHandler>>; readonly default?: string };
  /** What retraining needs (loaded on demand: it brings TF.js Layers). */
  readonly retrain?: () => Promise<RetrainTask<TrainingSet>>;
}

/** Declares a task; the identity function, there for the types (the literal id becomes the task's name). */
export function defineTask<const Id extends string>(task: TaskDeclaration<Id>): TaskDeclaration<Id> {
  return task;
}

/** A task with its metric settings applied: what a sweep works with. */
export interface TaskDefinition {
  readonly id: string;
  readonly declaration: TaskDeclaration;
  createMetrics(dataset: DatasetInfo): MetricBinding[];
  referenceGroundTruth(pristine: unknown, sample: { imageId: number; width: number; height: number }, threshold: number): unknown;
  imageId(groundTruth: unknown): number;
  bind(prediction: unknown, imageId: number): unknown;
  checkPrediction(prediction: unknown): string | undefined;
}

/** Binds a declaration to metric settings. */
export function configureTask(declaration: TaskDeclaration, options: TaskOptions = {}): TaskDefinition {
  return {
    id: declaration.id,
    declaration,
    createMetrics: (dataset) => declaration.metrics(dataset, options),
    referenceGroundTruth: (pristine, sample, threshold) => declaration.referenceGroundTruth(pristine, sample, threshold, options),
    imageId: (groundTruth) => declaration.imageId(groundTruth),
    bind: (prediction, imageId) => declaration.bind(prediction, imageId),
    checkPrediction: (prediction) => declaration.checkPrediction(prediction),
  };
}
