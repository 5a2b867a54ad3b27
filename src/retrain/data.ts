import type { ClassificationGroundTruth } from '../datasets/classification.js';
import type { Dataset } from '../datasets/dataset.js';
import { LossyvisionError, invalidParameter } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import { sampleOrder } from '../sweep/order.js';
import { is } from '../validate.js';
import { TrainingRng } from './rng.js';

/** A classification dataset held in memory: pristine images and their class indices. */
export interface LabelledImages {
  /** The dataset as given, for messages and provenance. */
  readonly source: string;
  readonly images: RgbImage[];
  readonly labels: number[];
  /** Class names in label order (from the dataset), when it has them. */
  readonly classes: readonly string[];
}

export interface LoadLabelledOptions {
  /** Keep a seeded random subset of this many samples (all when unset). */
  maxSamples?: number;
  seed?: number;
  /**
   * How the subset is drawn: 'training' (this module's RNG) or 'sweep' (the prefix of the sweep
   * engine's sample order, so `--max-test n` here scores exactly the samples `run --max-samples n`
   * does).
   */
  subset?: 'training' | 'sweep';
}

/**
 * The positions (in reading order) of the samples a `maxSamples` subset keeps, or undefined for
 * all. Datasets are often ordered by class, so a subset is drawn at random, not taken from the front.
 */
export function keptPositions(size: number, options: LoadLabelledOptions): Set<number> | undefined {
  const { maxSamples } = options;
  if (maxSamples !== undefined && (!Number.isInteger(maxSamples) || maxSamples < 1)) throw invalidParameter('integer of at least 1', 'max samples', maxSamples);
  if (maxSamples === undefined || maxSamples >= size) return undefined;
  const order = options.subset === 'sweep' ? sampleOrder(size, options.seed ?? 0) : new TrainingRng(options.seed ?? 0).permutation(size);
  return new Set(order.slice(0, maxSamples));
}

function classNames(dataset: Dataset): string[] {
  const withClasses = dataset as Dataset & { classes?: readonly string[] };
  if (withClasses.classes) return [...withClasses.classes];
  if (!dataset.categories) return [];
  const max = [...dataset.categories.keys()].reduce((a, b) => Math.max(a, b), -1);
  return Array.from({ length: max + 1 }, (_, i) => dataset.categories?.get(i) ?? String(i));
}

/**
 * Reads a labelled classification dataset into memory. Unlabelled data, or a sample without a
 * class index, fails here, before any training starts.
 */
export async function loadLabelledImages(dataset: Dataset, source: string, options: LoadLabelledOptions = {}): Promise<LabelledImages> {
  if (!dataset.labelled) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected labelled training data (class folders, a label list, builtin:fashion-mnist) but ${dataset.format} data has no labels`, { file: source });
  }
  const keep = keptPositions(dataset.size, options);
  const images: RgbImage[] = [];
  const labels: number[] = [];
  let index = 0;
  for await (const sample of dataset.samples()) {
    const position = index++;
    if (keep && !keep.has(position)) continue;
    const gt = sample.groundTruth as Partial<ClassificationGroundTruth> | undefined;
    if (!gt || !is.integer(gt.label) || gt.label < 0) {
      throw new LossyvisionError('INVALID_ARGUMENT', 'Expected a class label for every training sample but this one has none', { file: source, entry: sample.id });
    }
    images.push(await sample.load());
    labels.push(gt.label);
  }
  return { source, images, labels, classes: classNames(dataset) };
}

/** Checks that every label indexes one of the model's outputs. */
export function checkLabels(data: LabelledImages, outputs: number, model: string): void {
  const max = data.labels.reduce((a, b) => Math.max(a, b), -1);
  const classes = Math.max(max + 1, data.classes.length);
  if (classes > outputs) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected labels matching the model's ${outputs} outputs but ${data.source} has ${classes} classes${max >= outputs ? ` (label ${max})` : ''}`, { file: model });
  }
}
