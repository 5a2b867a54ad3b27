import type { DatasetInfo, MetricBinding, TaskDefinition } from '../tasks/task.js';
import type { MetricValues } from '../metrics/metric.js';
import type { Cell } from './plan.js';
import { MeasureSums } from './measures.js';
import type { SampleOutcome } from './outcome.js';
import type { Measures } from './measures.js';

/**
 * What one sample did to the accumulators, as plain data: its failure, or per cell the failure,
 * the compression measures and each metric's own state. A shard writes these; `replay` feeds them
 * back in the canonical sample order, so a merge of shards gives a one-machine run's numbers.
 */
export interface SampleRecord {
  /** Position in the full sweep's sample order (not the shard's); a video shard's frames count from 0 in the shard, and merge orders them by `unit`. */
  readonly position: number;
  readonly sampleId: string;
  /** The video a frame (or a failed video) belongs to, in a video shard: the unit shards are assigned by. */
  readonly unit?: string;
  readonly failure?: string;
  readonly cells?: readonly CellRecord[];
}

export interface CellRecord extends Measures {
  readonly cell: number;
  readonly failure?: string;
  /** The prediction was not an empty list. */
  readonly answered?: boolean;
  /** The prediction's length when it is a list (absent in records of older shards). */
  readonly predictions?: number | null;
  /** Per metric, in binding order: JSON of its state after this sample alone (never capped). */
  readonly states?: readonly string[];
}

/** One sample's own metric state in one cell: what the report's bootstrap resamples. */
export interface SampleState {
  readonly cell: number;
  readonly sampleId: string;
  /** The metric's name (its family in the store). */
  readonly family: string;
  /** JSON of `metric.state()` after updating a fresh accumulator with this sample alone. */
  readonly state: string;
}

/** One sample's own compression measures and answer in one cell: the report's per-sample table. */
export interface SampleMeasure extends Measures {
  readonly cell: number;
  readonly sampleId: string;
  /** Predictions the model made (detections, people, …) when its answer is a list; null otherwise. */
  readonly predictions: number | null;
}

/** A per-sample state larger than this is not kept (dense confusion matrices): the CI is then unavailable. */
const MAX_SAMPLE_STATE_CHARS = 64 * 1024;

export interface SampleFailure {
  readonly sampleId: string;
  /** -1 when the sample itself failed (all cells). */
  readonly cell: number;
  readonly reason: string;
}

/** The finished numbers of one cell. */
export interface CellResult {
  readonly cell: Cell;
  /** Metric name → values, e.g. { "coco-bbox": { AP: 0.41, AP50: … } }. */
  readonly metrics: Record<string, MetricValues>;
  /** Samples scored. */
  readonly n: number;
  readonly failures: number;
  /** null for the pristine condition, or when no sample succeeded. */
  readonly meanBpp: number | null;
  /**
   * Mean over the samples whose decoded image differs from the pristine one (finite PSNR);
   * Infinity when every one is identical (lossless); null when nothing was measured.
   */
  readonly meanPsnr: number | null;
  /** Samples whose decoded image equals the pristine one (PSNR ∞), left out of meanPsnr. */
  readonly lossless: number;
  /** Mean over the samples that have an SSIM (images smaller than its 11×11 window have none). */
  readonly meanSsim: number | null;
  /** Samples with no SSIM (smaller than its window). */
  readonly noSsim: number;
}

interface CellState {
  readonly bindings: MetricBinding[];
  n: number;
  failures: number;
  readonly measures: MeasureSums;
  /** Predictions that were not an empty list (no detections, no people). */
  answered: number;
}

/**
 * Feeds sample outcomes into one accumulator set per cell, strictly in sample order whatever
 * order workers finish in, so any worker count gives bit-identical numbers.
 */
export class SweepAccumulator {
  private readonly states: CellState[];
  private readonly pending = new Map<number, SampleOutcome>();
  private next = 0;
  readonly failures: SampleFailure[] = [];
  readonly failedSamples = new Set<string>();
  readonly sampleStates: SampleState[] = [];
  readonly sampleMeasures: SampleMeasure[] = [];

  constructor(
    private readonly task: TaskDefinition,
    private readonly cells: readonly Cell[],
    private readonly dataset: DatasetInfo,
    private readonly reference: { enabled: boolean; threshold: number },
    private readonly groundTruthOf: (sampleId: string) => unknown,
    /** Per model index: rewrites a prediction into the dataset's terms (its category ids) before scoring. */
    private readonly relabel: readonly (((prediction: unknown) => unknown) | undefined)[] = [],
    /** The sweep positions this accumulator is fed, ascending (a shard's share); all of them when absent. */
    private readonly positions?: readonly number[],
    /** Told of every sample fed, as a record `replay` can feed again (a shard keeps them). */
    private readonly onRecord?: (record: SampleRecord) => void,
  ) {
    this.states = cells.map(() => ({ bindings: task.createMetrics(dataset), n: 0, failures: 0, measures: new MeasureSums(), answered: 0 }));
  }

  /** Samples fed so far (a contiguous prefix of the order). */
  get done(): number {
    return this.next;
  }

  add(outcome: SampleOutcome): void {
    this.pending.set(outcome.position, outcome);
    const expected = (): number => (this.positions ? (this.positions[this.next] ?? -1) : this.next);
    for (let o = this.pending.get(expected()); o; o = this.pending.get(expected())) {
      this.pending.delete(o.position);
      this.feed(o);
      this.next++;
    }
  }

  /**
   * Feeds a recorded sample (see SampleRecord) exactly as `add` fed it: each metric's
   * one-sample state is merged in, which every metric's `merge` makes equal to its `update`.
   * Records must come in sample order.
   */
  replay(record: SampleRecord): void {
    this.next++;
    if (record.failure !== undefined) return this.failSample(record.sampleId, record.failure);
    const byCell = new Map((record.cells ?? []).map((c) => [c.cell, c]));
    for (const cell of this.cells) {
      const state = this.states[cell.index];
      const result = byCell.get(cell.index);
      if (!result || result.failure !== undefined || !result.states) {
        state.failures++;
        this.failures.push({ sampleId: record.sampleId, cell: cell.index, reason: result?.failure ?? 'no result' });
        continue;
      }
      const fresh = this.task.createMetrics(this.dataset);
      state.bindings.forEach((binding, i) => {
        fresh[i].metric.load(JSON.parse(result.states![i]));
        binding.metric.merge(fresh[i].metric);
        this.keepSampleState(cell.index, record.sampleId, binding.metric.name, result.states![i]);
      });
      state.n++;
      if (result.answered) state.answered++;
      state.measures.add(result);
      this.sampleMeasures.push({ cell: cell.index, sampleId: record.sampleId, bpp: result.bpp, psnr: result.psnr, ssim: result.ssim, predictions: result.predictions ?? null });
    }
  }

  private failSample(sampleId: string, reason: string): void {
    this.failedSamples.add(sampleId);
    this.failures.push({ sampleId, cell: -1, reason });
    for (const state of this.states) state.failures++;
  }

  private feed(outcome: SampleOutcome): void {
    if (outcome.failure) {
      this.failSample(outcome.sampleId, outcome.failure);
      this.onRecord?.({ position: outcome.position, sampleId: outcome.sampleId, failure: outcome.failure });
      return;
    }
    const byCell = new Map(outcome.cells.map((c) => [c.cell, c]));
    const records: CellRecord[] = [];
    for (const cell of this.cells) {
      const state = this.states[cell.index];
      const result = byCell.get(cell.index);
      const fail = (reason: string): void => {
        state.failures++;
        this.failures.push({ sampleId: outcome.sampleId, cell: cell.index, reason });
        records.push({ cell: cell.index, failure: reason });
      };
      if (!result || result.failure !== undefined || result.prediction === undefined) {
        fail(result?.failure ?? 'no result');
        continue;
      }
      let groundTruth: unknown;
      let imageId: number;
      if (this.reference.enabled) {
        const pristineCell = this.cells.find((c) => c.modelIndex === cell.modelIndex && c.condition.level === null)!;
        const pristine = byCell.get(pristineCell.index);
        if (!pristine || pristine.prediction === undefined) {
          fail('no reference: the pristine prediction failed');
          continue;
        }
        imageId = outcome.imageId ?? outcome.position + 1;
        groundTruth = this.task.referenceGroundTruth(pristine.prediction, { imageId, width: outcome.width!, height: outcome.height! }, this.reference.threshold);
      } else {
        groundTruth = this.groundTruthOf(outcome.sampleId);
        imageId = this.task.imageId(groundTruth);
      }
      // Labelled data: the model's answer in the dataset's terms (a COCO detector's ids as VOC's).
      const relabel = this.reference.enabled ? undefined : this.relabel[cell.modelIndex];
      const prediction = this.task.bind(relabel ? relabel(result.prediction) : result.prediction, imageId);
      try {
        for (const binding of state.bindings) binding.metric.update(prediction, groundTruth);
      } catch (error) {
        fail(`scoring: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const states = this.keepSampleStates(cell.index, outcome.sampleId, prediction, groundTruth);
      state.n++;
      const answered = !(Array.isArray(result.prediction) && result.prediction.length === 0);
      if (answered) state.answered++;
      state.measures.add(result);
      const predictions = Array.isArray(result.prediction) ? result.prediction.length : null;
      this.sampleMeasures.push({ cell: cell.index, sampleId: outcome.sampleId, bpp: result.bpp, psnr: result.psnr, ssim: result.ssim, predictions });
      records.push({ cell: cell.index, answered, states, bpp: result.bpp, psnr: result.psnr, ssim: result.ssim, predictions });
    }
    this.onRecord?.({ position: outcome.position, sampleId: outcome.sampleId, cells: records });
  }

  /** Scores the sample alone in fresh accumulators, so the report can bootstrap over samples; returns the states. */
  private keepSampleStates(cell: number, sampleId: string, prediction: unknown, groundTruth: unknown): string[] {
    return this.task.createMetrics(this.dataset).map((binding) => {
      binding.metric.update(prediction, groundTruth);
      const state = JSON.stringify(binding.metric.state());
      this.keepSampleState(cell, sampleId, binding.metric.name, state);
      return state;
    });
  }

  private keepSampleState(cell: number, sampleId: string, family: string, state: string): void {
    if (state.length <= MAX_SAMPLE_STATE_CHARS) this.sampleStates.push({ cell, sampleId, family, state });
  }

  results(): CellResult[] {
    return this.cells.map((cell) => {
      const s = this.states[cell.index];
      const metrics: Record<string, MetricValues> = {};
      for (const binding of s.bindings) metrics[binding.metric.name] = binding.values(binding.metric.compute());
      return { cell, metrics, n: s.n, failures: s.failures, ...s.measures.means() };
    });
  }

  /**
   * Models that answered nothing (an empty list) on every pristine sample they were scored on:
   * on labelled data that is almost always a misread export (outputs mapped wrongly,
   * preprocessing off), not a model that sees nothing.
   */
  silentModels(): string[] {
    return this.cells.filter((c) => c.condition.level === null && this.states[c.index].n > 0 && this.states[c.index].answered === 0).map((c) => c.model);
  }

  /** The column names each metric shows, from the task's bindings. */
  columns(): { metric: string; value: string }[] {
    const first = this.states[0]?.bindings ?? [];
    return first.flatMap((b) => b.columns.map((value) => ({ metric: b.metric.name, value })));
  }
}
