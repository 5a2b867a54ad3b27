import { cpus } from 'node:os';
import { REFERENCE_NOTE } from '../tasks/detection/reference.js';
import type { SweepAccumulator } from './accumulate.js';
import type { CellResult, SampleFailure, SampleMeasure, SampleState } from './accumulate.js';
import type { ModelInfo } from './context.js';
import type { StageTimings } from './outcome.js';
import { conditionLabel, type Cell, type Condition, type SweepConfig } from './plan.js';
import type { Provenance } from './provenance.js';
import type { VideoStream } from './video-streams.js';
import type { ShardPart, ShardSpec } from './shard.js';
import { zeroScoreWarnings, type SweepNotices } from './preflight.js';

export interface SweepProgress {
  readonly done: number;
  /** Samples to score; for video, the frames of the videos read so far (see totalKnown). */
  readonly total: number;
  /** What a sample is: an image or clip (default), a video frame, or a whole video (action sweeps). */
  readonly unit?: 'samples' | 'frames' | 'videos';
  /** False while videos remain unread, whose frames are not yet in `total`. */
  readonly totalKnown?: boolean;
  readonly failed: number;
  /** "zoo:centernet · jpeg:50": what a worker last started on. */
  readonly current: string;
  readonly elapsedMs: number;
}

export interface SweepOptions {
  onProgress?: (progress: SweepProgress) => void;
  /** Run only this shard's share of the samples (see shard.ts); the result then carries `shard`. */
  shard?: ShardSpec;
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
  /** Damaged cache entries found, deleted and computed again. */
  repaired: number;
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
  /** Each sample's bpp, PSNR, SSIM and prediction count per cell: the report's per-sample table. */
  readonly sampleMeasures?: readonly SampleMeasure[];
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
  /** What the user should know besides the table (how a model's classes were mapped onto the dataset's). */
  readonly notes?: readonly string[];
  /** Numbers that are likely wrong or incomplete, and why (a model scoring 0 on labelled data, a COCO annotation id 0). */
  readonly warnings?: readonly string[];
  /** A shard's run: what `merge` needs beside the ordinary result (shard-manifest.ts). */
  readonly shard?: ShardPart;
}

/** A SweepResult whose config is another kind of sweep's (merged action shards). */
export type SweepResultOf<C> = Omit<SweepResult, 'config' | 'provenance'> & { readonly config: C; readonly provenance: Provenance<C> };

/** What every sample source hands back once its samples are accumulated (`merge` of action shards: the action config). */
export interface SweepParts<C extends { readonly task: string } = SweepConfig> {
  readonly config: C;
  readonly conditions: Condition[];
  readonly cells: readonly Cell[];
  readonly accumulator: SweepAccumulator;
  readonly models: ModelInfo[];
  /** Unlabelled data: predictions on pristine pixels are the ground truth. */
  readonly reference: boolean;
  readonly provenance: Provenance<C>;
  readonly started: number;
  readonly cpuStart: NodeJS.CpuUsage;
  readonly stats: Omit<SweepStats, 'wallMs' | 'cpuMs' | 'cores' | 'metricsMs'> & { metricsMs: number; timings: StageTimings };
  readonly streams?: VideoStream[];
  /** Notes and warnings gathered before and while sampling (label mapping, dataset warnings). */
  readonly notices?: SweepNotices;
}

/** Failures with the model and condition of their cell (none for a sample that failed everywhere). */
export function labelledFailures(failures: readonly SampleFailure[], cells: readonly Cell[]): SweepResult['failures'] {
  return failures.map((f) => ({ ...f, ...(f.cell < 0 ? {} : { model: cells[f.cell].model, condition: conditionLabel(cells[f.cell].condition) }) }));
}

/** The sweep's result: cells computed, failures labelled with their model and condition, and the run's cost. */
export function sweepResult<C extends { readonly task: string } = SweepConfig>(parts: SweepParts<C>): SweepResultOf<C> {
  const t = performance.now();
  const results = parts.accumulator.results();
  const metricsMs = parts.stats.metricsMs + performance.now() - t;
  const cpu = process.cpuUsage(parts.cpuStart);
  const silentModels = parts.reference ? [] : parts.accumulator.silentModels();
  const notices: SweepNotices = { notes: [...(parts.notices?.notes ?? [])], warnings: [...(parts.notices?.warnings ?? [])] };
  // A model that answered nothing has its own warning (silentModels); one that answered and scored 0 gets this one.
  zeroScoreWarnings(parts.config.task, !parts.reference, results.filter((r) => !silentModels.includes(r.cell.model)), parts.accumulator.columns(), notices);
  return {
    config: parts.config,
    conditions: parts.conditions,
    cells: results,
    failures: labelledFailures(parts.accumulator.failures, parts.cells),
    sampleStates: parts.accumulator.sampleStates,
    sampleMeasures: parts.accumulator.sampleMeasures,
    columns: parts.accumulator.columns(),
    models: parts.models,
    reference: parts.reference ? REFERENCE_NOTE : undefined,
    provenance: parts.provenance,
    ...(parts.streams ? { streams: parts.streams } : {}),
    ...(parts.reference ? {} : { silentModels }),
    notes: notices.notes,
    warnings: notices.warnings,
    stats: { ...parts.stats, wallMs: performance.now() - parts.started, cpuMs: (cpu.user + cpu.system) / 1000, cores: cpus().length, metricsMs },
  };
}
