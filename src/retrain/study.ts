import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { parseCodecLevels, type CodecLevels } from '../codecs/levels.js';
import { openDataset } from '../datasets/open.js';
import { LossyvisionError } from '../errors.js';
import { toolVersion } from '../version.js';
import { describeAugmentation, type Augmentation } from './augment.js';
import { buildReferenceClassifier } from './architectures/classifier.js';
import { initTrainingBackend } from './backend.js';
import type { EpochRecord } from './checkpoint.js';
import { loadLabelledImages, type LabelledImages } from './data.js';
import { evaluateAcrossLevels, type ModelScores, type TestCondition } from './evaluate.js';
import { classifierShape, loadLayersModel, saveLayersModel, writeFileAtomic } from './layers-io.js';
import { recovery, type Recovery } from './recovery.js';
import { trainClassifier } from './train.js';

/** The built-in starting point: the reference CNN, trained on the pristine training data first. */
export const REFERENCE_CLASSIFIER = 'ref:fashion-cnn';

/** The study's JPEG levels (Poyser et al., ICPR 2020). */
export const PAPER_JPEG_LEVELS = 'jpeg:95,75,50,15,10,5';

export interface RetrainStudyOptions {
  /** `ref:fashion-cnn` or a TF.js Layers model (folder or model.json). */
  model: string;
  train: string;
  val?: string;
  /** Test data for the before/after sweep; default: the validation data. */
  test?: string;
  /** One entry per retrained model: several give the train-level × test-level matrix. */
  training: Augmentation[];
  testCodecs?: CodecLevels[];
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  maxTrain?: number;
  maxVal?: number;
  maxTest?: number;
  /** Results, retrained models and checkpoints. */
  out: string;
  /** Where `ref:` models are cached once pre-trained. */
  cacheDir?: string;
  /** Pre-training epochs of the `ref:` model on pristine data. */
  pretrainEpochs?: number;
  onProgress?: (message: string) => void;
  onEpoch?: (run: string, record: EpochRecord) => void;
}

export interface RecoveryRow {
  condition: string;
  pretrained: number | null;
  retrained: number | null;
  recovery: Recovery;
}

export interface RetrainStudyResult {
  tool: { name: 'lossyvision'; version: string };
  backend: string;
  model: string;
  metric: 'top1';
  data: { train: string; trainImages: number; val: string | null; valImages: number; test: string; testImages: number };
  conditions: TestCondition[];
  pretrained: ModelScores;
  /** One per training augmentation, in order, with its per-epoch history and recovery per test condition. */
  retrained: { trainedOn: string; scores: ModelScores; history: EpochRecord[]; modelDir: string; recovery: RecoveryRow[] }[];
  /** trainedOn → condition → top-1: the train-level × test-level matrix. */
  matrix: Record<string, Record<string, number | null>>;
  settings: { epochs: number; batchSize: number; learningRate: number; seed: number; pretrainEpochs: number | null };
  wallSeconds: number;
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined)) !== undefined;
}

/** The reference classifier pre-trained on pristine data, cached by everything that shapes it. */
async function referenceModel(train: LabelledImages, options: RetrainStudyOptions, seed: number, say: (m: string) => void): Promise<tfl.LayersModel> {
  const first = train.images[0];
  const grey = train.images.slice(0, 200).every((im) => {
    for (let i = 0; i < im.data.length; i += 3) if (im.data[i] !== im.data[i + 1] || im.data[i] !== im.data[i + 2]) return false;
    return true;
  });
  const classes = Math.max(train.classes.length, Math.max(...train.labels) + 1);
  const shape = { height: first.height, width: first.width, channels: grey ? 1 : 3, classes };
  const epochs = options.pretrainEpochs ?? 2;
  const key = createHash('sha256').update(JSON.stringify({ v: 1, shape, train: train.source, n: train.images.length, maxTrain: options.maxTrain, seed, epochs, lr: options.learningRate, batch: options.batchSize })).digest('hex').slice(0, 16);
  const dir = path.join(options.cacheDir ?? path.join('results', 'cache'), 'retrain', `fashion-cnn-${key}`);
  if (await exists(path.join(dir, 'model.json'))) {
    say(`pre-trained ${REFERENCE_CLASSIFIER}: loaded from ${dir}`);
    return loadLayersModel(dir);
  }
  say(`pre-training ${REFERENCE_CLASSIFIER} on pristine ${train.source} (${train.images.length} images, ${epochs} epochs)`);
  const result = await trainClassifier({
    model: buildReferenceClassifier(shape, seed), modelId: REFERENCE_CLASSIFIER, train, augmentation: { kind: 'none' },
    epochs, batchSize: options.batchSize, learningRate: options.learningRate, seed, checkpointDir: path.join(dir, 'checkpoints'),
    onEpoch: (r) => options.onEpoch?.('pre-training', r),
  });
  await saveLayersModel(result.model, dir);
  return result.model;
}

/**
 * The retraining protocol: load (or pre-train) the model, fine-tune one copy per training
 * augmentation on compressed training data, then score the pre-trained and every retrained model
 * on the test data at pristine and each test level, with recovery per level. Everything is
 * checked (labels, model shape, trainability) before the first training step.
 */
export async function runRetrainStudy(options: RetrainStudyOptions): Promise<RetrainStudyResult> {
  const started = performance.now();
  const say = options.onProgress ?? ((): void => undefined);
  const seed = options.seed ?? 0;
  const testCodecs = options.testCodecs ?? [parseCodecLevels(PAPER_JPEG_LEVELS)];
  if (options.training.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one training codec level (--codec or --augment)');
  const backend = await initTrainingBackend();
  // A user model is checked before any data is read: a graph model or ONNX fails at once.
  const userModel = options.model === REFERENCE_CLASSIFIER ? undefined : await loadLayersModel(options.model);
  if (userModel) classifierShape(userModel, options.model);

  const load = async (spec: string, max: number | undefined, salt: number): Promise<LabelledImages> =>
    loadLabelledImages(await openDataset(spec, { task: 'classification' }), spec, { maxSamples: max, seed: seed + salt });
  say(`reading ${options.train}`);
  const train = await load(options.train, options.maxTrain, 1);
  const val = options.val ? await load(options.val, options.maxVal, 2) : undefined;
  const testSpec = options.test ?? options.val;
  if (!testSpec) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected test data (--test) or validation data (--val) to sweep the models over');
  const test = testSpec === options.val && options.maxTest === options.maxVal && val ? val : await load(testSpec, options.maxTest, 3);

  const pretrained = userModel ?? await referenceModel(train, options, seed, say);
  const modelId = options.model;
  const retrained: { trainedOn: string; model: tfl.LayersModel; history: EpochRecord[]; modelDir: string }[] = [];
  await mkdir(options.out, { recursive: true });
  for (const augmentation of options.training) {
    const trainedOn = describeAugmentation(augmentation);
    const folder = path.join(options.out, trainedOn.replace(/[^A-Za-z0-9.,=-]+/g, '_'));
    say(`retraining on ${trainedOn} (${train.images.length} images, ${options.epochs} epochs)`);
    // Fine-tuning starts from a copy of the pre-trained weights, so every run starts from the same point.
    const start = await copyModel(pretrained, path.join(folder, 'start'));
    const result = await trainClassifier({
      model: start, modelId, train, val, augmentation, epochs: options.epochs, batchSize: options.batchSize,
      learningRate: options.learningRate ?? 5e-4, seed, checkpointDir: path.join(folder, 'checkpoints'),
      onEpoch: (r) => options.onEpoch?.(trainedOn, r),
    });
    const modelDir = path.join(folder, 'model');
    await saveLayersModel(result.model, modelDir);
    retrained.push({ trainedOn, model: result.model, history: result.history, modelDir });
  }

  say(`sweeping ${1 + retrained.length} models over pristine + ${testCodecs.map((c) => `${c.codec}:${c.levels.join(',')}`).join(' ')} on ${test.images.length} test images`);
  const { conditions, scores } = await evaluateAcrossLevels(
    [{ name: 'pre-trained', model: pretrained }, ...retrained.map((r) => ({ name: `retrained ${r.trainedOn}`, model: r.model }))],
    test, testCodecs, (label) => say(`  ${label}`),
  );
  const before = scores[0];
  const pristine = before.top1.pristine;
  const result: RetrainStudyResult = {
    tool: { name: 'lossyvision', version: toolVersion() },
    backend: `${backend.flavour} (tfjs ${backend.version})`,
    model: modelId,
    metric: 'top1',
    data: { train: options.train, trainImages: train.images.length, val: options.val ?? null, valImages: val?.images.length ?? 0, test: testSpec, testImages: test.images.length },
    conditions,
    pretrained: before,
    retrained: retrained.map((r, i) => ({
      trainedOn: r.trainedOn, scores: scores[i + 1], history: r.history, modelDir: r.modelDir,
      recovery: conditions.map((c) => ({
        condition: c.label, pretrained: before.top1[c.label], retrained: scores[i + 1].top1[c.label],
        recovery: recovery(pristine, before.top1[c.label], scores[i + 1].top1[c.label]),
      })),
    })),
    matrix: Object.fromEntries(retrained.map((r, i) => [r.trainedOn, scores[i + 1].top1])),
    settings: { epochs: options.epochs, batchSize: options.batchSize ?? 64, learningRate: options.learningRate ?? 5e-4, seed, pretrainEpochs: userModel ? null : options.pretrainEpochs ?? 2 },
    wallSeconds: (performance.now() - started) / 1000,
  };
  await writeStudyResults(options.out, result);
  return result;
}

async function copyModel(model: tfl.LayersModel, dir: string): Promise<tfl.LayersModel> {
  await saveLayersModel(model, dir);
  return loadLayersModel(dir);
}

const csvField = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * `results.json` (the whole result) and `results.csv`, tidy: one row per model × condition with
 * top-1, bpp, n and, for retrained rows, both recovery figures; `history.json`: loss and
 * validation top-1 per epoch per retrained model.
 */
export async function writeStudyResults(out: string, result: RetrainStudyResult): Promise<void> {
  const header = ['model', 'trained_on', 'condition', 'codec', 'level', 'bpp', 'n', 'metric', 'value', 'relative_gain', 'gap_closed'];
  const rows: (string | number | null)[][] = [];
  for (const c of result.conditions) {
    rows.push(['pre-trained', 'pristine', c.label, c.codec, c.level, c.bpp, c.n, 'top1', result.pretrained.top1[c.label], null, null]);
  }
  for (const r of result.retrained) {
    for (const [i, c] of result.conditions.entries()) {
      const rec = r.recovery[i].recovery;
      rows.push(['retrained', r.trainedOn, c.label, c.codec, c.level, c.bpp, c.n, 'top1', r.scores.top1[c.label], rec.relativeGain, rec.gapClosed]);
    }
  }
  await writeFileAtomic(path.join(out, 'results.csv'), [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n');
  await writeFileAtomic(path.join(out, 'results.json'), JSON.stringify(result, null, 2));
  await writeFileAtomic(path.join(out, 'history.json'), JSON.stringify(Object.fromEntries(result.retrained.map((r) => [r.trainedOn, r.history])), null, 2));
}
