import { invalidParameter } from '../../errors.js';
import type { Metric } from '../../metrics/metric.js';
import { is } from '../../validate.js';

/** Labels ranked best first; only the first five matter. */
export type RankedLabels = readonly string[];

export interface ClassificationResult {
  /** Share of samples whose first label is right; null with no samples. */
  top1: number | null;
  /** Share of samples whose label is among the first five. */
  top5: number | null;
  /** Mean of the per-class top-1 accuracies (balanced accuracy). */
  meanClassAcc: number | null;
  /** Top-1 accuracy per ground-truth label, in order of first appearance. */
  perClass: Record<string, number>;
}

/** [samples, top-1 hits, top-5 hits] for one ground-truth label. */
type Counts = [number, number, number];

/** Rank of the true label in a ranked list: 0-based, or -1 when absent. */
export function rankOf(prediction: RankedLabels, label: string): number {
  return prediction.indexOf(label);
}

/** Top-1 / top-5 / per-class accuracy as an accumulator; state is the per-label hit counts. */
export class ClassificationMetric implements Metric<RankedLabels, string, ClassificationResult> {
  readonly name = 'classification';
  private counts = new Map<string, Counts>();

  update(prediction: RankedLabels, groundTruth: string): void {
    const rank = rankOf(prediction.slice(0, 5), groundTruth);
    const c = this.counts.get(groundTruth) ?? [0, 0, 0];
    c[0] += 1;
    if (rank === 0) c[1] += 1;
    if (rank >= 0) c[2] += 1;
    this.counts.set(groundTruth, c);
  }

  merge(other: this): void {
    for (const [label, [n, t1, t5]] of other.counts) {
      const c = this.counts.get(label) ?? [0, 0, 0];
      this.counts.set(label, [c[0] + n, c[1] + t1, c[2] + t5]);
    }
  }

  compute(): ClassificationResult {
    let n = 0;
    let top1 = 0;
    let top5 = 0;
    const perClass: Record<string, number> = {};
    for (const [label, c] of this.counts) {
      n += c[0];
      top1 += c[1];
      top5 += c[2];
      perClass[label] = c[1] / c[0];
    }
    const accs = Object.values(perClass);
    return {
      top1: n ? top1 / n : null,
      top5: n ? top5 / n : null,
      meanClassAcc: accs.length ? accs.reduce((a, b) => a + b, 0) / accs.length : null,
      perClass,
    };
  }

  state(): { counts: Record<string, Counts> } {
    return { counts: Object.fromEntries([...this.counts].map(([k, v]) => [k, [...v] as Counts])) };
  }

  load(state: unknown): void {
    const s = state as { counts?: unknown };
    if (!is.object(s) || !is.object(s.counts)) throw invalidParameter('a classification metric state', 'state', state);
    const next = new Map<string, Counts>();
    for (const [label, c] of Object.entries(s.counts)) {
      if (!Array.isArray(c) || c.length !== 3 || !c.every((v) => is.integer(v) && v >= 0)) {
        throw invalidParameter('[samples, top1, top5] counts', `state.counts.${label}`, c);
      }
      next.set(label, [c[0], c[1], c[2]]);
    }
    this.counts = next;
  }
}

/** One-shot top-k accuracy over (ranked prediction, label) pairs. */
export function evaluateClassification(pairs: Iterable<[RankedLabels, string]>): ClassificationResult {
  const metric = new ClassificationMetric();
  for (const [prediction, label] of pairs) metric.update(prediction, label);
  return metric.compute();
}
