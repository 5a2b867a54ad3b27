/**
 * The accumulator contract every metric follows (torchmetrics-style): feed samples with
 * `update`, combine accumulators from workers or shards with `merge`, read the result with
 * `compute`. `state()`/`load()` carry an accumulator across processes and into the
 * results store so interrupted sweeps resume without recounting.
 */
export interface Metric<Prediction, GroundTruth, Result> {
  /** Stable name, e.g. "coco-bbox", "voc07", "miou". */
  readonly name: string;
  update(prediction: Prediction, groundTruth: GroundTruth): void;
  merge(other: this): void;
  compute(): Result;
  /** JSON-serialisable state; `load(state())` on a fresh accumulator restores it exactly. */
  state(): unknown;
  load(state: unknown): void;
}

/** A flat table of named numbers; `null` means undefined (no ground truth in range), never 0. */
export type MetricValues = Record<string, number | null>;

/** Whether larger is better for each metric name, so reports know which way is worse. */
export type Direction = 'higher' | 'lower';
