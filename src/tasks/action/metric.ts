import { invalidParameter } from '../../errors.js';
import type { Metric, MetricValues } from '../../metrics/metric.js';
import { is } from '../../validate.js';
import { ClassificationMetric } from '../classification/metric.js';
import { rankClasses } from './clips.js';
import type { ActionGroundTruth } from './types.js';

export interface ActionSplitResult {
  top1: number | null;
  top5: number | null;
  meanClassAcc: number | null;
  perClass: Record<string, number>;
  videos: number;
}

export interface ActionResult {
  /** Split number → its accuracies. */
  splits: Record<string, ActionSplitResult>;
  /** Mean over the splits that have videos (UCF101 reports the mean of its three splits). */
  top1: number | null;
  top5: number | null;
}

/**
 * Top-1 / top-5 / per-class accuracy of one stream's video-level scores, kept per test split:
 * a video in several splits' test lists counts in each. Built on the classification counts,
 * so merge/state/load are those of ClassificationMetric per split.
 */
export class ActionMetric implements Metric<readonly number[], ActionGroundTruth, ActionResult> {
  /** One family for every stream: the store reports each stream as its own model row. */
  readonly name = 'action';
  private splits = new Map<number, ClassificationMetric>();

  /** `classes[i]` names class index i; `stream` is "rgb", "spatial", "temporal" or "fusion". */
  constructor(
    readonly stream: string,
    private readonly classes: readonly string[],
  ) {}

  update(scores: readonly number[], groundTruth: ActionGroundTruth): void {
    const ranked = rankClasses(scores)
      .slice(0, 5)
      .map((i) => this.classes[i] ?? String(i));
    for (const split of groundTruth.splits) {
      let metric = this.splits.get(split);
      if (!metric) this.splits.set(split, (metric = new ClassificationMetric()));
      metric.update(ranked, groundTruth.name);
    }
  }

  merge(other: this): void {
    for (const [split, metric] of other.splits) {
      const mine = this.splits.get(split) ?? new ClassificationMetric();
      mine.merge(metric as ClassificationMetric & this);
      this.splits.set(split, mine);
    }
  }

  compute(): ActionResult {
    const splits: Record<string, ActionSplitResult> = {};
    for (const split of [...this.splits.keys()].sort((a, b) => a - b)) {
      const metric = this.splits.get(split)!;
      const videos = Object.values(metric.state().counts).reduce((n, c) => n + c[0], 0);
      splits[String(split)] = { ...metric.compute(), videos };
    }
    const all = Object.values(splits);
    const mean = (key: 'top1' | 'top5'): number | null => {
      const values = all.map((s) => s[key]).filter((v): v is number => v !== null);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    };
    return { splits, top1: mean('top1'), top5: mean('top5') };
  }

  state(): { splits: Record<string, unknown> } {
    return { splits: Object.fromEntries([...this.splits].map(([k, m]) => [String(k), m.state()])) };
  }

  load(state: unknown): void {
    const s = state as { splits?: unknown };
    if (!is.object(s) || !is.object(s.splits)) throw invalidParameter('an action metric state', 'state', state);
    const next = new Map<number, ClassificationMetric>();
    for (const [k, v] of Object.entries(s.splits)) {
      const m = new ClassificationMetric();
      m.load(v);
      next.set(Number(k), m);
    }
    this.splits = next;
  }
}

/** The result as named numbers: the mean over splits and each split's own. */
export function actionValues(result: ActionResult): MetricValues {
  const out: MetricValues = { top1: result.top1, top5: result.top5 };
  for (const [split, r] of Object.entries(result.splits)) {
    out[`split${split} top1`] = r.top1;
    out[`split${split} top5`] = r.top5;
  }
  return out;
}
