import { CONTROL, studyModelName } from './retrained-of.js';
import { conditionsOf } from '../sweep/conditions.js';
import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { parseCodecLevels, type CodecLevels } from '../codecs/levels.js';
import { openDataset } from '../datasets/open.js';
import { LossyvisionError } from '../errors.js';
import { loadLayersModel, saveLayersModel } from '../models/layers/io.js';
import { writeFileAtomic } from '../files.js';
import { setModelTask } from '../models/layers/metadata.js';
import type { ModelShape } from '../models/layers/shape.js';
import { toolVersion } from '../version.js';
import { checkCodecKind, describeAugmentation, type Augmentation } from './augment.js';
import { initTrainingBackend } from './backend.js';
import type { EpochRecord } from './checkpoint.js';
import { sweepActionStudyModels } from './action-sweep.js';
import { evaluateAcrossLevels, type ModelScores, type TestCondition } from './evaluate.js';
import { checkModelFolder, sealModelFolder } from './model-cache.js';
import { csvField as csvText } from '../csv.js';
import { recovery, type Recovery } from './recovery.js';
import type { LoadLabelledOptions } from './data.js';
import type { RetrainTask, TrainingSet } from './task.js';
import type { TrainStep } from './train-step.js';
import { retrainTask, retrainTasks } from '../tasks/index.js';
import { trainModel } from './train.js';
import type { RetrainSweepOptions } from './sweep-models.js';
import { runSweep } from '../sweep/run.js';
import { storeResults } from '../sweep/store.js';
import { etaPhrase } from '../timing/eta.js';
import { analyse } from '../report/analysis.js';
import { loadResults } from '../report/load.js';
import { lossWithinNoise } from '../report/retrained.js';
import type { Tolerance } from '../report/threshold.js';

/** The control arm's name: fine-tuned on pristine data. */
export { CONTROL };

/** The built-in starting point for classification: the reference CNN, trained on the pristine training data first. */
export const REFERENCE_CLASSIFIER = 'ref:fashion-cnn';

/** The built-in starting point for segmentation: the SegNet-style reference network. */
export const REFERENCE_SEGMENTER = 'ref:segnet';

/** The study's JPEG levels (Poyser et al., ICPR 2020). */
export const PAPER_JPEG_LEVELS = 'jpeg:95,75,50,15,10,5';

/** The study's H.264 CRF levels, the default test levels of video tasks. */
export const PAPER_CRF_LEVELS = 'h264:23,25,30,40,50';

export interface RetrainStudyOptions {
  /** classification (default) or segmentation. */
  task?: string;
  /** The task's reference model (`ref:fashion-cnn`, `ref:segnet`) or a TF.js Layers model (folder or model.json). */
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
  /**
   * Also fine-tune a copy on pristine data for the same epochs (the control arm), so the gain of
   * retraining on compressed data is told apart from the gain of simply training longer.
   */
  control?: boolean;
  /**
   * Also sweep every model through the sweep engine into `<out>/sweep` (a standard results folder,
   * retrained models paired with their base in provenance), for `lossyvision report`. Default true.
   */
  sweep?: boolean;
  /**
   * Weight of an adversarial loss next to the task's (a conditional patch GAN, the study's depth
   * model); tasks that define one only (depth). Every training run gets its own discriminator.
   */
  adversarial?: number;
  /** For telling a loss from noise where the sweep has no bootstrap interval (the report's default otherwise). */
  tolerance?: Tolerance;
  onProgress?: (message: string) => void;
  /** After every epoch; `pace` counts the epochs of this phase (pre-training, or all the retraining arms together) for an ETA. */
  onEpoch?: (run: string, record: EpochRecord, pace: EpochPace) => void;
}

/** Epochs done of a phase and the seconds they took: the ETA's inputs. */
export interface EpochPace {
  done: number;
  total: number;
  seconds: number;
}

/** Counts a phase's epochs as they end (an epoch a checkpoint resumed past is never reported, so it does not count). */
function epochPace(total: number): (r: EpochRecord) => EpochPace {
  const pace = { done: 0, total, seconds: 0 };
  return (r) => {
    pace.done++;
    pace.seconds += r.seconds;
    return { ...pace };
  };
}

export interface RecoveryRow {
  condition: string;
  pretrained: number | null;
  retrained: number | null;
  /** Against the pre-trained model, the study's definition. */
  recovery: Recovery;
  /** The control arm's score here, when there is one. */
  control?: number | null;
  /** Against the control arm: pristine and compressed baselines both from the pristine-fine-tuned model. */
  vsControl?: Recovery;
}

/** The model fine-tuned on pristine data for as many epochs as the retrained ones. */
export interface ControlArm {
  trainedOn: 'pristine (control)';
  scores: ModelScores;
  history: EpochRecord[];
  modelDir: string;
}

export interface RetrainStudyResult {
  tool: { name: 'lossyvision'; version: string };
  backend: string;
  model: string;
  task: string;
  /** The score in every table: "top1" (classification), "mIoU" (segmentation). */
  metric: string;
  /** How tables name the score ("top-1 accuracy"; by task: classification and action both score "top1"). */
  metricLabel: string;
  data: { train: string; trainImages: number; val: string | null; valImages: number; test: string; testImages: number };
  conditions: TestCondition[];
  pretrained: ModelScores;
  /** Where the pre-trained model is (the cache for `ref:` models). */
  pretrainedDir: string;
  control: ControlArm | null;
  /** One per training augmentation, in order, with its per-epoch history and recovery per test condition. */
  retrained: { trainedOn: string; scores: ModelScores; history: EpochRecord[]; modelDir: string; recovery: RecoveryRow[] }[];
  /** trainedOn → condition → score: the train-level × test-level matrix. */
  matrix: Record<string, Record<string, number | null>>;
  settings: { epochs: number; batchSize: number; learningRate: number; seed: number; pretrainEpochs: number | null; adversarial?: number };
  /** The sweep engine's results folder for `lossyvision report`, when swept. */
  sweepDir: string | null;
  /**
   * Test conditions where compression cost the pre-trained model nothing measurable (the sweep's
   * bootstrap interval of the change from pristine spans 0): there gap closed is n/a. Absent without a sweep.
   */
  lossWithinNoise?: string[];
  wallSeconds: number;
}

/** The task's reference model pre-trained on pristine data, cached by everything that shapes it. */
async function referenceModel<D extends TrainingSet>(task: RetrainTask<D>, train: D, val: D | undefined, options: RetrainStudyOptions, seed: number, say: (m: string) => void): Promise<{ model: tfl.LayersModel; dir: string }> {
  const { id } = task.reference;
  const shape = task.reference.shape(train);
  const epochs = options.pretrainEpochs ?? 2;
  const key = createHash('sha256').update(JSON.stringify({ v: 1, shape, train: train.source, n: train.images.length, maxTrain: options.maxTrain, seed, epochs, lr: options.learningRate, batch: options.batchSize, ...(options.adversarial ? { adversarial: options.adversarial } : {}) })).digest('hex').slice(0, 16);
  // Classification keeps its old folder name, so models cached before tasks existed are found.
  const dir = path.join(options.cacheDir ?? path.join('results', 'cache'), 'retrain', `${id.slice('ref:'.length)}-${key}`);
  const cached = await checkModelFolder(dir);
  if (cached === 'ok') {
    say(`pre-trained ${id}: loaded from ${dir}`);
    return { model: await loadLayersModel(dir), dir };
  }
  // A damaged cached model is never loaded: deleted and made again (from its last checkpoint when that is intact).
  if (cached === 'damaged') say(`pre-trained ${id}: the cached model in ${dir} is damaged (1 damaged cache entry found, deleted and computed again)`);
  say(`pre-training ${id} on pristine ${train.source} (${train.images.length} images, ${epochs} epochs)`);
  const result = await trainModel(task, {
    model: task.reference.build(shape, seed), modelId: id, train, val, augmentation: { kind: 'none' },
    epochs, batchSize: options.batchSize, learningRate: options.learningRate, seed, checkpointDir: path.join(dir, 'checkpoints'),
    step: adversarialStepOf(task, options, shape, options.learningRate ?? 1e-3, seed),
    onEpoch: ((pace) => (r: EpochRecord) => options.onEpoch?.('pre-training', r, pace(r)))(epochPace(epochs)),
  });
  setModelTask(result.model, task.id, task.modelDetails?.(train));
  await saveLayersModel(result.model, dir);
  await sealModelFolder(dir);
  return { model: result.model, dir };
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
  if (options.training.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one training codec level (--codec or --augment)');
  const task = await retrainTask(options.task ?? 'classification');
  if (options.adversarial !== undefined && !task.adversarial) throw new LossyvisionError('INVALID_ARGUMENT', `Expected --adversarial only for tasks with an adversarial loss (${(await retrainTasks()).filter((t) => t.adversarial).map((t) => t.id).join(', ')}) but the task is ${task.id}`);
  // Image tasks take image codecs, video tasks video codecs: a mismatch fails before anything is read.
  const codecKind = task.codecKind ?? 'image';
  const testCodecs = options.testCodecs ?? [parseCodecLevels(codecKind === 'video' ? PAPER_CRF_LEVELS : PAPER_JPEG_LEVELS)];
  for (const c of testCodecs) checkCodecKind(c.codec, codecKind, `testing task ${task.id}`);
  for (const a of options.training) if (a.kind !== 'none') checkCodecKind(a.codec, codecKind, `training task ${task.id}`);
  if (options.model.startsWith('ref:') && options.model !== task.reference.id) {
    const known = (await retrainTasks()).map((t) => `${t.reference.id} (${t.id})`).join(', ');
    throw new LossyvisionError('UNKNOWN_ID', `Expected ${task.reference.id} for task ${task.id} but received "${options.model}"; reference models: ${known}`);
  }
  const backend = await initTrainingBackend();
  // A user model is checked before any data is read: a graph model, ONNX or the wrong output shape fails at once.
  const userModel = options.model === task.reference.id ? undefined : await loadLayersModel(options.model);
  if (userModel) task.modelShape(userModel, options.model);

  // A task with its own format (UCF101 video folders) reads it for the role; others go through openDataset.
  const read = async (spec: string, role: 'train' | 'val' | 'test', loadOptions: LoadLabelledOptions): Promise<TrainingSet> =>
    task.read ? task.read(spec, role, loadOptions) : task.load(await openDataset(spec, { task: task.id }), spec, loadOptions);
  const load = (spec: string, max: number | undefined, salt: number, role: 'train' | 'val'): Promise<TrainingSet> =>
    read(spec, role, { maxSamples: max, seed: seed + salt });
  // The test subset is the sweep engine's (seed, prefix), so the in-memory scores and <out>/sweep agree.
  const loadTest = (spec: string): Promise<TrainingSet> => read(spec, 'test', { maxSamples: options.maxTest, seed, subset: 'sweep' });
  say(`reading ${options.train}`);
  const train = await load(options.train, options.maxTrain, 1, 'train');
  const val = options.val ? await load(options.val, options.maxVal, 2, 'val') : undefined;
  const testSpec = options.test ?? options.val;
  if (!testSpec) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected test data (--test) or validation data (--val) to sweep the models over');
  const test = await loadTest(testSpec);
  // Labels are checked against a user model before anything is written or trained.
  if (userModel) for (const data of [train, val, test]) if (data) task.checkLabels(data, task.modelShape(userModel, options.model).classes, options.model);

  const reference = userModel ? undefined : await referenceModel(task, train, val, options, seed, say);
  const pretrained = userModel ?? reference!.model;
  const pretrainedDir = reference?.dir ?? options.model;
  const modelId = options.model;
  const runs: { trainedOn: string; model: tfl.LayersModel; history: EpochRecord[]; modelDir: string }[] = [];
  await mkdir(options.out, { recursive: true });
  const arms: { augmentation: Augmentation; trainedOn: string }[] = [
    ...(options.control ? [{ augmentation: { kind: 'none' } as const, trainedOn: CONTROL }] : []),
    ...options.training.map((a) => ({ augmentation: a, trainedOn: describeAugmentation(a) })),
  ];
  const armPace = epochPace(arms.length * options.epochs);
  for (const { augmentation, trainedOn } of arms) {
    const folder = path.join(options.out, trainedOn.replace(/[^A-Za-z0-9.,=-]+/g, '_'));
    say(`retraining on ${trainedOn} (${train.images.length} images, ${options.epochs} epochs)`);
    // Fine-tuning starts from a copy of the pre-trained weights, so every run starts from the same point.
    const start = await copyModel(pretrained, path.join(folder, 'start'));
    const result = await trainModel(task, {
      model: start, modelId, train, val, augmentation, epochs: options.epochs, batchSize: options.batchSize,
      learningRate: options.learningRate ?? 5e-4, seed, checkpointDir: path.join(folder, 'checkpoints'),
      step: adversarialStepOf(task, options, task.modelShape(start, modelId), options.learningRate ?? 5e-4, seed),
      onEpoch: (r) => options.onEpoch?.(trainedOn, r, armPace(r)),
    });
    const modelDir = path.join(folder, 'model');
    setModelTask(result.model, task.id, task.modelDetails?.(train));
    await saveLayersModel(result.model, modelDir);
    runs.push({ trainedOn, model: result.model, history: result.history, modelDir });
  }
  const controlRun = options.control ? runs[0] : undefined;
  const retrained = options.control ? runs.slice(1) : runs;

  say(`sweeping ${1 + runs.length} models over pristine + ${testCodecs.map((c) => `${c.codec}:${c.levels.join(',')}`).join(' ')} on ${test.images.length} test images`);
  const { conditions, scores } = await evaluateAcrossLevels(
    task, [{ name: 'pre-trained', model: pretrained }, ...runs.map((r) => ({ name: r === controlRun ? CONTROL : `retrained ${r.trainedOn}`, model: r.model }))],
    test, testCodecs, (label) => say(`  ${label}`),
  );
  const before = scores[0];
  const controlScores = controlRun ? scores[1] : undefined;
  const scoresOf = (i: number): ModelScores => scores[i + 1 + (controlRun ? 1 : 0)];
  const pristine = before.values.pristine;
  const result: RetrainStudyResult = {
    tool: { name: 'lossyvision', version: toolVersion() },
    backend: `${backend.flavour} (tfjs ${backend.version})`,
    model: modelId,
    task: task.id,
    metric: task.metric,
    metricLabel: task.metricLabel,
    data: { train: options.train, trainImages: train.images.length, val: options.val ?? null, valImages: val?.images.length ?? 0, test: testSpec, testImages: test.images.length },
    conditions,
    pretrained: before,
    pretrainedDir,
    control: controlRun && controlScores ? { trainedOn: CONTROL, scores: controlScores, history: controlRun.history, modelDir: controlRun.modelDir } : null,
    retrained: retrained.map((r, i) => ({
      trainedOn: r.trainedOn, scores: scoresOf(i), history: r.history, modelDir: r.modelDir,
      recovery: conditions.map((c) => ({
        condition: c.label, pretrained: before.values[c.label], retrained: scoresOf(i).values[c.label],
        recovery: recovery(pristine, before.values[c.label], scoresOf(i).values[c.label]),
        ...(controlScores ? {
          control: controlScores.values[c.label],
          vsControl: recovery(controlScores.values.pristine, controlScores.values[c.label], scoresOf(i).values[c.label]),
        } : {}),
      })),
    })),
    matrix: Object.fromEntries(retrained.map((r, i) => [r.trainedOn, scoresOf(i).values])),
    settings: { epochs: options.epochs, batchSize: options.batchSize ?? 64, learningRate: options.learningRate ?? 5e-4, seed, pretrainEpochs: userModel ? null : options.pretrainEpochs ?? 2, ...(options.adversarial ? { adversarial: options.adversarial } : {}) },
    sweepDir: null,
    wallSeconds: 0,
  };
  if (options.sweep !== false) {
    say(`sweeping the models through the sweep engine into ${path.join(options.out, 'sweep')}`);
    result.sweepDir = codecKind === 'video'
      ? await sweepActionStudyModels([
        { dir: result.pretrainedDir, trainedOn: 'pristine (pre-trained)' },
        ...(result.control ? [{ dir: result.control.modelDir, trainedOn: CONTROL }] : []),
        ...result.retrained.map((r) => ({ dir: r.modelDir, trainedOn: r.trainedOn, retrainedOf: result.pretrainedDir })),
      ].map((m) => ({ ...m, name: studyModelName(result.model, m.trainedOn) })), testSpec, testCodecs, options.maxTest, options.out, say)
      : await sweepStudyModels(task, result, testSpec, testCodecs, options.maxTest, seed, train.classes, task.sweepTaskOptions(test, task.modelShape(pretrained, modelId)), options.out, say);
    result.lossWithinNoise = await conditionsWithinNoise(result.sweepDir, result.pretrainedDir, conditions, options.tolerance);
  }
  result.wallSeconds = (performance.now() - started) / 1000;
  await writeStudyResults(options.out, result);
  return result;
}

/** The test conditions where the pre-trained model's loss is inside the noise, from the sweep's analysis. */
async function conditionsWithinNoise(sweepDir: string, pretrainedDir: string, conditions: readonly TestCondition[], tolerance: Tolerance | undefined): Promise<string[]> {
  const analysis = await analyse(await loadResults(sweepDir), tolerance ? { tolerance } : {});
  // Action sweeps score each stream; the retraining tables score the fusion.
  const pretrained = analysis.models.find((m) => m.model === pretrainedDir) ?? analysis.models.find((m) => m.model === `${pretrainedDir} · fusion`);
  if (!pretrained) return [];
  return conditions.filter((c) => c.codec !== null && c.level !== null && lossWithinNoise(pretrained, c.codec, c.level)).map((c) => c.label);
}

/** The task's adversarial training step when the study asks for one. */
function adversarialStepOf<D extends TrainingSet>(task: RetrainTask<D>, options: RetrainStudyOptions, shape: ModelShape, learningRate: number, seed: number): TrainStep | undefined {
  return options.adversarial !== undefined && task.adversarial ? task.adversarial(options.adversarial, shape, learningRate, seed) : undefined;
}

async function copyModel(model: tfl.LayersModel, dir: string): Promise<tfl.LayersModel> {
  await saveLayersModel(model, dir);
  return loadLayersModel(dir);
}

const csvField = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : csvText(v));

/**
 * `results.json` (the whole result) and `results.csv`, tidy: one row per model × condition with
 * the task's score (top-1, mIoU), bpp, n and, for retrained rows, the three recovery figures; `history.json`: loss and
 * validation score per epoch per retrained model.
 */
export async function writeStudyResults(out: string, result: RetrainStudyResult): Promise<void> {
  const header = ['model', 'trained_on', 'condition', 'codec', 'level', 'bpp', 'n', 'metric', 'value', 'relative_gain', 'gap_closed', 'study_recovery'];
  const rows: (string | number | null)[][] = [];
  for (const c of result.conditions) {
    rows.push(['pre-trained', 'pristine', c.label, c.codec, c.level, c.bpp, c.n, result.metric, result.pretrained.values[c.label], null, null, null]);
  }
  if (result.control) {
    for (const c of result.conditions) rows.push(['control', CONTROL, c.label, c.codec, c.level, c.bpp, c.n, result.metric, result.control.scores.values[c.label], null, null, null]);
  }
  for (const r of result.retrained) {
    for (const [i, c] of result.conditions.entries()) {
      const rec = r.recovery[i].recovery;
      rows.push(['retrained', r.trainedOn, c.label, c.codec, c.level, c.bpp, c.n, result.metric, r.scores.values[c.label], rec.relativeGain, rec.gapClosed, rec.studyRecovery]);
    }
  }
  await writeFileAtomic(path.join(out, 'results.csv'), [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n');
  await writeFileAtomic(path.join(out, 'results.json'), JSON.stringify(result, null, 2));
  const histories = [...(result.control ? [result.control] : []), ...result.retrained].map((r) => [r.trainedOn, r.history]);
  await writeFileAtomic(path.join(out, 'history.json'), JSON.stringify(Object.fromEntries(histories), null, 2));
}

/**
 * Runs the sweep engine over the pre-trained, control and retrained models and stores a standard
 * results folder in `<out>/sweep`: every retrained model's provenance names the model it was
 * fine-tuned from (`retrainedOf`), so `lossyvision report <out>/sweep` shows the retrained columns
 * and recovery. The report pairs one retrained model per base: the first listed.
 */
async function sweepStudyModels(
  task: RetrainTask<TrainingSet>, result: RetrainStudyResult, testSpec: string, testCodecs: readonly CodecLevels[], maxTest: number | undefined, seed: number,
  classes: readonly string[], taskOptions: Record<string, number>, out: string,
  say: (message: string) => void,
): Promise<string> {
  const dir = path.join(out, 'sweep');
  const retrainedOf: Record<string, string> = {};
  const trainedOn: Record<string, string> = { [result.pretrainedDir]: 'pristine (pre-trained)' };
  for (const r of result.retrained) {
    retrainedOf[r.modelDir] = result.pretrainedDir;
    trainedOn[r.modelDir] = r.trainedOn;
  }
  if (result.control) trainedOn[result.control.modelDir] = CONTROL;
  const names = Object.fromEntries(Object.entries(trainedOn).map(([dir, on]) => [dir, studyModelName(result.model, on)]));
  const models = [result.pretrainedDir, ...(result.control ? [result.control.modelDir] : []), ...result.retrained.map((r) => r.modelDir)];
  const modelOptions: RetrainSweepOptions = { retrainedOf, trainedOn, names, ...(classes.length ? { classes: [...classes] } : {}) };
  const conditions = conditionsOf(testCodecs);
  let reported = 0;
  const sweep = await runSweep({
    task: task.id, data: testSpec, models, conditions, taskOptions,
    maxSamples: maxTest, seed, referenceThreshold: 0.5,
    // In this thread: the models live on the training backend already set up here.
    workers: 1, cacheDir: path.join(dir, 'cache'),
    modelLoader: new URL('./sweep-models.js', import.meta.url).href,
    modelOptions: modelOptions as Record<string, unknown>,
  }, {
    onProgress: (p) => {
      const tenth = Math.floor((10 * p.done) / Math.max(1, p.total));
      if (tenth > reported) say(`  ${p.done}/${p.total} samples (${(p.elapsedMs / 1000).toFixed(0)} s, ${etaPhrase(p.done, p.total, p.elapsedMs)})`);
      reported = Math.max(reported, tenth);
    },
  });
  await storeResults(sweep, dir);
  // The cache (one bitstream and one prediction file per sample and cell) only serves a resume; the scores are stored.
  await rm(path.join(dir, 'cache'), { recursive: true, force: true });
  return dir;
}
