import type { DatasetInfo, MetricBinding, TaskDefinition } from '../tasks/task.js';
import type { MetricValues } from '../metrics/metric.js';
import type { Cell } from './plan.js';
import { MeasureSums } from './measures.js';
import type { SampleOutcome } from './outcome.js';

/** One sample's own metric state in one cell: what the report's bootstrap resamples. */
export interface SampleState {
  readonly cell: number;
  readonly sampleId: string;
  /** The metric's name (its family in the store). */
  readonly family: string;
  /** JSON of `metric.state()` after updating a fresh accumulator with this sample alone. */
  readonly state: string;
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

  constructor(
    private readonly task: TaskDefinition,
    private readonly cells: readonly Cell[],
    private readonly dataset: DatasetInfo,
    private readonly reference: { enabled: boolean; threshold: number },
    private readonly groundTruthOf: (sampleId: string) => unknown,
    /** Per model index: rewrites a prediction into the dataset's terms (its category ids) before scoring. */
    private readonly relabel: readonly (((prediction: unknown) => unknown) | undefined)[] = [],
  ) {
    this.states = cells.map(() => ({ bindings: task.createMetrics(dataset), n: 0, failures: 0, measures: new MeasureSums(), answered: 0 }));
  }

  /** Samples fed so far (a contiguous prefix of the order). */
  get done(): number {
    return this.next;
  }

  add(outcome: SampleOutcome): void {
    this.pending.set(outcome.position, outcome);
    for (let o = this.pending.get(this.next); o; o = this.pending.get(this.next)) {
      this.pending.delete(this.next);
      this.feed(o);
      this.next++;
    }
  }

  private feed(outcome: SampleOutcome): void {
    if (outcome.failure) {
      this.failedSamples.add(outcome.sampleId);
      this.failures.push({ sampleId: outcome.sampleId, cell: -1, reason: outcome.failure });
      for (const state of this.states) state.failures++;
      return;
    }
    const byCell = new Map(outcome.cells.map((c) => [c.cell, c]));
    for (const cell of this.cells) {
      const state = this.states[cell.index];
      const result = byCell.get(cell.index);
      const fail = (reason: string): void => {
        state.failures++;
        this.failures.push({ sampleId: outcome.sampleId, cell: cell.index, reason });
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
        imageId = outcome.position + 1;
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
      this.keepSampleStates(cell.index, outcome.sampleId, prediction, groundTruth);
      state.n++;
      if (!(Array.isArray(result.prediction) && result.prediction.length === 0)) state.answered++;
      state.measures.add(result);
    }
  }

  /** Scores the sample alone in fresh accumulators, so the report can bootstrap over samples. */
  private keepSampleStates(cell: number, sampleId: string, prediction: unknown, groundTruth: unknown): void {
    for (const binding of this.task.createMetrics(this.dataset)) {
      binding.metric.update(prediction, groundTruth);
      const state = JSON.stringify(binding.metric.state());
      if (state.length <= MAX_SAMPLE_STATE_CHARS) this.sampleStates.push({ cell, sampleId, family: binding.metric.name, state });
    }
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
