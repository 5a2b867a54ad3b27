import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { invalidParameter } from '../errors.js';
import { getTask } from '../tasks/registry.js';
import { REFERENCE_NOTE } from '../tasks/detection/reference.js';
import { SweepAccumulator, type CellResult, type SampleFailure, type SampleState } from './accumulate.js';
import { sha256 } from './cache.js';
import { indexSamples, openSweepDataset, resolveCodecs, type ModelInfo } from './context.js';
import { inProcessExecutor, workerPoolExecutor, type Executor } from './executor.js';
import { sampleOrder } from './order.js';
import { addTimings, emptyTimings, type SampleOutcome, type StageTimings } from './outcome.js';
import { conditionLabel, planCells, type Cell, type Condition, type SweepConfig } from './plan.js';
import { provenanceOf, type Provenance } from './provenance.js';
import { isVideoData } from '../datasets/video.js';
import { runVideoSweep } from './video-run.js';
import type { VideoStream } from './video-streams.js';

export interface SweepProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  /** "zoo:centernet · jpeg:50": what a worker last started on. */
  readonly current: string;
  readonly elapsedMs: number;
}

export interface SweepOptions {
  onProgress?: (progress: SweepProgress) => void;
}

export interface SweepStats {
  samples: number;
  wallMs: number;
  /** CPU time of this process, all threads together (workers are threads). */
  cpuMs: number;
  cores: number;
  /** Summed over samples (and over workers, so they can exceed wall time). */
  timings: StageTimings;
  metricsMs: number;
  /** Loading models (in every worker) and opening the dataset, before the first sample. */
  startupMs: number;
  computed: { encodes: number; predictions: number };
  workers: number;
  /** Samples in flight at once (worker threads, or 2 in the calling thread): stage sums overlap this many ways. */
  lanes: number;
}

export interface SweepResult {
  readonly config: SweepConfig;
  readonly conditions: Condition[];
  readonly cells: CellResult[];
  readonly failures: (SampleFailure & { model?: string; condition?: string })[];
  /** Each sample's own metric state per cell and metric, for bootstrap confidence intervals. */
  readonly sampleStates: readonly SampleState[];
  /** Table columns: metric name and value name. */
  readonly columns: { metric: string; value: string }[];
  readonly models: ModelInfo[];
  /** Set for unlabelled data: what the ground truth is. */
  readonly reference?: string;
  readonly provenance: Provenance;
  readonly stats: SweepStats;
  /** Video data only: each video's exact stream figures per level (kbps, bytes, bpp). */
  readonly streams?: readonly VideoStream[];
  /** Labelled data: models that answered nothing on every pristine sample (see SweepAccumulator.silentModels). */
  readonly silentModels?: readonly string[];
}

/**
 * Runs a sweep: every sample through every cell, results from the cache where they exist.
 * Resume is built on the cache: every finished encode and prediction is on disk the moment it
 * exists, and metrics are always recomputed from scratch in sample order, so a rerun after a
 * SIGKILL redoes only unfinished work and cannot count a sample twice.
 */
export async function runSweep(config: SweepConfig, options: SweepOptions = {}): Promise<SweepResult> {
  // A video file or a folder of videos: frames are the samples (video-run.ts).
  if (await isVideoData(config.data)) return runVideoSweep(config, options);
  if (!Number.isInteger(config.workers) || config.workers < 1) throw invalidParameter('integer of at least 1', 'workers', config.workers);
  if (config.maxSamples !== undefined && (!Number.isInteger(config.maxSamples) || config.maxSamples < 1)) {
    throw invalidParameter('integer of at least 1', 'max-samples', config.maxSamples);
  }
  if (!Number.isInteger(config.seed)) throw invalidParameter('integer', 'seed', config.seed);
  if (!(config.referenceThreshold >= 0 && config.referenceThreshold <= 1)) {
    throw invalidParameter('number between 0 and 1', 'reference-threshold', config.referenceThreshold);
  }
  const task = getTask(config.task, config.taskOptions);
  const { conditions, cells } = planCells(config.models, config.conditions);
  resolveCodecs(conditions); // unknown codecs fail here, before any model loads

  const dataset = await openSweepDataset(config);
  const all = await indexSamples(dataset);
  const order = sampleOrder(all.length, config.seed).slice(0, config.maxSamples ?? all.length);
  const samples = order.map((i) => all[i]);
  const byId = new Map(samples.map((s) => [s.id, s]));
  const reference = !dataset.labelled;

  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let current = '';
  let report = (): void => undefined;
  const onCell = (cell: Cell): void => {
    current = `${cell.model} · ${conditionLabel(cell.condition)}`;
    report();
  };
  // Workers share the cores: each model instance gets its share of inference threads.
  const threads = Math.max(1, Math.floor(cpus().length / config.workers));
  const init = { config: { ...config, modelOptions: { intraOpNumThreads: threads, ...config.modelOptions } }, conditions, cells };
  const executor: Executor =
    config.workers > 1 ? await workerPoolExecutor(init, config.workers, onCell) : await inProcessExecutor(init, dataset, onCell);

  const startupMs = performance.now() - started;
  // Masks and depth maps are read lazily (LazyGroundTruth): loaded here, dropped once scored.
  const loaded = new Map<string, unknown>();
  let scored = 0;
  const accumulator = new SweepAccumulator(task, cells, dataset, { enabled: reference, threshold: config.referenceThreshold }, (id) => (loaded.has(id) ? loaded.get(id) : byId.get(id)?.groundTruth));
  const timings = emptyTimings();
  const computed = { encodes: 0, predictions: 0 };
  let metricsMs = 0;
  const sources: string[] = new Array(samples.length);
  report = (): void =>
    options.onProgress?.({ done: accumulator.done, total: samples.length, failed: accumulator.failedSamples.size, current, elapsedMs: performance.now() - started });
  report();

  try {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < samples.length) {
        const position = next++;
        let outcome: SampleOutcome = await executor.run(position, samples[position].id);
        if (!reference && !outcome.failure) outcome = await loadGroundTruth(outcome, samples[position].groundTruth, loaded);
        addTimings(timings, outcome.timings);
        computed.encodes += outcome.computed.encodes;
        computed.predictions += outcome.computed.predictions;
        sources[position] = `${outcome.sampleId}:${outcome.sourceSha256 ?? 'unreadable'}`;
        const t = performance.now();
        accumulator.add(outcome);
        for (; scored < accumulator.done; scored++) loaded.delete(samples[scored].id);
        metricsMs += performance.now() - t;
        report();
      }
    };
    await Promise.all(Array.from({ length: executor.slots }, lane));
  } finally {
    await executor.close();
  }

  const t = performance.now();
  const results = accumulator.results();
  metricsMs += performance.now() - t;
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);

  const labelOf = (index: number): { model?: string; condition?: string } =>
    index < 0 ? {} : { model: cells[index].model, condition: conditionLabel(cells[index].condition) };
  return {
    config,
    conditions,
    cells: results,
    failures: accumulator.failures.map((f) => ({ ...f, ...labelOf(f.cell) })),
    sampleStates: accumulator.sampleStates,
    columns: accumulator.columns(),
    models: executor.models,
    reference: reference ? REFERENCE_NOTE : undefined,
    ...(reference ? {} : { silentModels: accumulator.silentModels() }),
    provenance: provenanceOf(config, dataset, sha256(sources.join('\n')), executor.models, resolveCodecs(conditions)),
    stats: {
      samples: samples.length,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      cores: cpus().length,
      timings,
      metricsMs,
      startupMs,
      computed,
      workers: config.workers,
      lanes: executor.slots,
    },
  };
}

/** Reads ground truth that is a file (a mask, a depth map); a failure fails the sample, not the sweep. */
async function loadGroundTruth(outcome: SampleOutcome, groundTruth: unknown, into: Map<string, unknown>): Promise<SampleOutcome> {
  const lazy = groundTruth as { file?: unknown; load?: unknown } | undefined;
  if (!lazy || typeof lazy.load !== 'function') return outcome;
  try {
    into.set(outcome.sampleId, await (lazy.load as () => Promise<unknown>)());
    return outcome;
  } catch (error) {
    return { ...outcome, failure: `ground truth: ${error instanceof Error ? error.message : String(error)}` };
  }
}
