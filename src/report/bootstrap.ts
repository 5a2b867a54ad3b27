import type { Metric } from '../metrics/metric.js';
import { seededRandom } from '../random.js';

/** How to rebuild one metric accumulator per sample from stored states. */
export interface ResampleSpec<M extends Metric<unknown, unknown, unknown>> {
  /** A fresh, empty accumulator of the metric that wrote the states. */
  create(): M;
  /**
   * The state to load for the `copy`-th repeat (1, 2, …) of a sample drawn more than once.
   * Metrics keyed by image id (COCO) refuse the same image twice, so repeats need a new id;
   * count-based metrics need nothing. See `sampleRepeaters`.
   */
  repeat?(state: unknown, copy: number): unknown;
}

export interface BootstrapOptions {
  /** Resamples drawn; 1000 is the usual choice for a 95 % percentile interval. */
  replicates?: number;
  seed?: number;
  /** Coverage of the interval, e.g. 0.95. */
  confidence?: number;
}

export const BOOTSTRAP_DEFAULTS = { replicates: 1000, seed: 0, confidence: 0.95 } as const;

/** `replicates` draws of n sample indices with replacement, from a seeded generator. */
export function resampleIndices(n: number, replicates: number, seed: number): Uint32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: replicates }, () => {
    const draw = new Uint32Array(n);
    for (let i = 0; i < n; i++) draw[i] = Math.floor(random() * n);
    return draw;
  });
}

/**
 * Metrics per sample, loaded once and reused by every replicate; repeats are loaded on demand
 * and kept, since a sample is rarely drawn more than a few times.
 */
export class SampleStates<M extends Metric<unknown, unknown, unknown>> {
  private readonly loaded = new Map<string, M>();

  constructor(
    private readonly spec: ResampleSpec<M>,
    /** One state per sample, in a fixed sample order; undefined where the sample has none (failed). */
    readonly states: readonly (unknown | undefined)[],
  ) {}

  get size(): number {
    return this.states.length;
  }

  private metricOf(sample: number, copy: number): M | undefined {
    const state = this.states[sample];
    if (state === undefined) return undefined;
    const key = `${sample}:${copy}`;
    let metric = this.loaded.get(key);
    if (!metric) {
      metric = this.spec.create();
      metric.load(copy === 0 || !this.spec.repeat ? state : this.spec.repeat(state, copy));
      this.loaded.set(key, metric);
    }
    return metric;
  }

  /** The accumulator of the samples at `indices` (repeats allowed), merged into a fresh one. */
  merged(indices: ArrayLike<number>): M {
    const total = this.spec.create();
    const copies = new Map<number, number>();
    for (let i = 0; i < indices.length; i++) {
      const sample = indices[i];
      const copy = copies.get(sample) ?? 0;
      copies.set(sample, copy + 1);
      const metric = this.metricOf(sample, copy);
      if (metric) total.merge(metric);
    }
    return total;
  }

  /** Every sample once: equals the sweep's own accumulator when states are complete. */
  all(): M {
    return this.merged(Array.from({ length: this.states.length }, (_, i) => i));
  }
}

/** The percentile interval of replicate values (nulls, i.e. undefined metrics, are left out). */
export function percentileInterval(values: readonly (number | null)[], confidence: number): [number, number] | null {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const alpha = (1 - confidence) / 2;
  return [quantile(sorted, alpha), quantile(sorted, 1 - alpha)];
}

/** Linear interpolation between order statistics (numpy's default "linear" method). */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

export interface BootstrapEstimate {
  /** The statistic on all samples. */
  estimate: number | null;
  /** Percentile interval at the requested confidence; null when no replicate was defined. */
  interval: [number, number] | null;
  replicates: number;
  confidence: number;
}

/**
 * Bootstrap over samples of any statistic of one or more aligned metric sets (e.g. the drop
 * from pristine to a level: the same resampled indices go to both, so the pairing is kept).
 */
export function bootstrapStatistic<M extends Metric<unknown, unknown, unknown>>(
  sets: readonly SampleStates<M>[],
  statistic: (merged: M[]) => number | null,
  options: BootstrapOptions = {},
): BootstrapEstimate {
  const { replicates, seed, confidence } = { ...BOOTSTRAP_DEFAULTS, ...options };
  const n = sets[0]?.size ?? 0;
  if (sets.some((s) => s.size !== n)) throw new RangeError('bootstrap: every metric set must hold the same samples');
  const estimate = statistic(sets.map((s) => s.all()));
  const values = resampleIndices(n, replicates, seed).map((draw) => statistic(sets.map((s) => s.merged(draw))));
  return { estimate, interval: percentileInterval(values, confidence), replicates, confidence };
}
