import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openUcf101 } from '../datasets/ucf101.js';
import { runRetrainStudy } from '../retrain/study.js';
import { runActionSweep } from '../sweep/action-run.js';
import { indexSamples, openSweepDataset } from '../sweep/context.js';
import type { SweepConfig } from '../sweep/plan.js';
import { runSweep } from '../sweep/run.js';
import type { TaskName } from '../models/model.js';
import { actionConfigOf, retrainOptionsOf, sweepConfigOf, type PlannedExperiment } from './plan.js';
import type { Study } from './schema.js';

/** Samples a probe sweeps: the first costs warm-up (model load, wasm compile), so one more. */
export const PROBE_SAMPLES = 2;

/** Training batches each model of a retraining probe takes (per run: pre-training, control, each level). */
export const PROBE_BATCHES = 2;

/** A retraining protocol's time, by phase, scaled from the probe to the experiment's sizes. */
export interface RetrainingEstimate {
  /** Training samples (after maxTrain) and validation samples each epoch. */
  readonly train: number;
  readonly val: number;
  /** Pre-training the `ref:` model (none for a user model; skipped at run time when the study's cache has it). */
  readonly pretrainMs: number;
  /** Fine-tuning every arm (control and each training level), compression of the training data included. */
  readonly fineTuneMs: number;
  /** Scoring the validation data after each epoch, from the probe's inference time per sample. */
  readonly validationMs: number;
  /** The before/after scores and the sweep of every model over the test levels. */
  readonly testMs: number;
}

export interface Estimate {
  /** Model loading and dataset opening, once per experiment. */
  readonly startupMs: number;
  /** One sample through every cell. */
  readonly perSampleMs: number;
  /** startup + per sample × the experiment's samples. */
  readonly totalMs: number;
  readonly probed: number;
  /** Retraining only: its phases (totalMs is startup plus their sum). */
  readonly retraining?: RetrainingEstimate;
}

/**
 * Times a sweep of the experiment's first samples with an empty cache of its own (deleted after),
 * so nothing is reused and the study's folders are not touched; a retraining protocol is run in
 * miniature instead (see `probeRetraining`). Null for sizes known only at run time.
 */
export async function probeExperiment(study: Study, p: PlannedExperiment): Promise<Estimate | null> {
  if (p.samples === null) return null;
  const dir = await mkdtemp(join(tmpdir(), 'lossyvision-probe-'));
  try {
    const probed = Math.min(PROBE_SAMPLES, p.samples);
    if (p.kind === 'retrain') return await probeRetraining(p, probed, p.samples, dir);
    if (p.kind === 'action') {
      const t0 = performance.now();
      await runActionSweep({ ...actionConfigOf(study, p.experiment, dir), maxVideos: probed });
      const perSampleMs = (performance.now() - t0) / probed;
      return { startupMs: 0, perSampleMs, totalMs: perSampleMs * p.samples, probed };
    }
    const result = await runSweep({ ...sweepConfigOf(study, p.experiment, dir), maxSamples: probed });
    const perSampleMs = Math.max(0, result.stats.wallMs - result.stats.startupMs) / probed;
    return { startupMs: result.stats.startupMs, perSampleMs, totalMs: result.stats.startupMs + perSampleMs * p.samples, probed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Samples of a training or validation set after the cap, counted without reading pixels. */
async function countSamples(task: string, data: string, max: number | undefined): Promise<number> {
  const n = task === 'action' ? (await openUcf101(data, { list: 'train' })).videos.length : (await indexSamples(await openSweepDataset({ task: task as TaskName, data } as SweepConfig))).length;
  return Math.min(n, max ?? n);
}

/**
 * The whole protocol in miniature, in `dir`: pre-training (a `ref:` model) and every arm for one
 * epoch of PROBE_BATCHES batches without validation, then the test scoring and sweep on `probed`
 * samples. Each phase is scaled by its own size: training by samples × epochs per run (the
 * backend's warm-up counted once), validation by the probe's inference time per sample and model,
 * testing by test samples.
 */
async function probeRetraining(p: PlannedExperiment, probed: number, testSamples: number, dir: string): Promise<Estimate> {
  const e = p.experiment;
  const r = e.retrain!;
  const options = await retrainOptionsOf(e, join(dir, 'out'), join(dir, 'cache'));
  const batch = options.batchSize ?? 64;
  const epochs: { run: string; images: number; seconds: number }[] = [];
  const t0 = performance.now();
  let trainingStart: number | undefined;
  let testStart: number | undefined;
  await runRetrainStudy({
    ...options, val: undefined, maxTrain: PROBE_BATCHES * batch, maxTest: probed, epochs: 1, pretrainEpochs: 1,
    onEpoch: (run, record) => epochs.push({ run, images: record.images, seconds: record.seconds }),
    onProgress: (message) => {
      if (trainingStart === undefined && /^(pre-training|retraining)/.test(message)) trainingStart = performance.now();
      if (testStart === undefined && message.startsWith('sweeping ')) testStart = performance.now();
    },
  });
  const end = performance.now();
  const train = await countSamples(e.task, r.train, r.maxTrain);
  const val = r.val ? await countSamples(e.task, r.val, r.maxVal) : 0;
  const msPerImage = (x: { images: number; seconds: number }): number => (1000 * x.seconds) / Math.max(1, x.images);
  const pretrain = epochs.filter((x) => x.run === 'pre-training');
  const arms = epochs.filter((x) => x.run !== 'pre-training');
  const testMsPerSample = (end - (testStart ?? end)) / probed;
  // The test phase scores every (model, condition) twice: in memory for recovery, then through the sweep engine.
  const inferenceMsPerSample = testMsPerSample / (2 * p.cells);
  const pretrainEpochs = pretrain.length > 0 ? options.pretrainEpochs ?? 2 : 0;
  // The first run's first batch compiles the backend's kernels: with arms after it, pre-training is
  // their fastest rate (the control arm's: same network, no compression) plus that warm-up, once.
  const pretrainProbe = pretrain.reduce((sum, x) => sum + 1000 * x.seconds, 0);
  const pretrainImages = pretrain.reduce((sum, x) => sum + x.images, 0);
  const warmRate = arms.length > 0 ? Math.min(...arms.map(msPerImage)) : pretrainProbe / Math.max(1, pretrainImages);
  const warmUp = Math.max(0, pretrainProbe - warmRate * pretrainImages);
  const retraining: RetrainingEstimate = {
    train,
    val,
    pretrainMs: pretrainEpochs > 0 ? warmUp + warmRate * train * pretrainEpochs : 0,
    fineTuneMs: arms.reduce((sum, x) => sum + msPerImage(x), 0) * train * r.epochs,
    validationMs: inferenceMsPerSample * val * (pretrainEpochs + arms.length * r.epochs),
    testMs: testMsPerSample * testSamples,
  };
  const startupMs = (trainingStart ?? t0) - t0;
  const { pretrainMs, fineTuneMs, validationMs, testMs } = retraining;
  return { startupMs, perSampleMs: testMsPerSample, totalMs: startupMs + pretrainMs + fineTuneMs + validationMs + testMs, probed, retraining };
}
