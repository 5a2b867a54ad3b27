import type { MetricBinding } from '../registry.js';
import { ActionMetric, actionValues, type ActionResult } from './metric.js';

/** The study table's columns: mean over splits first, as UCF101 results are quoted. */
const MEAN_COLUMNS = ['top1', 'top5'] as const;

/**
 * Action recognition's metric as the store and report see it: family "action", values named
 * like classification's (top1, top5) plus each split's ("split1 top1"). `classes` ranks the
 * scores; code that only loads stored states (the report's bootstrap) may leave it empty.
 */
export function actionMetricBinding(stream: string, classes: readonly string[] = [], splits: readonly number[] = []): MetricBinding {
  return {
    metric: new ActionMetric(stream, classes),
    values: (result) => actionValues(result as ActionResult),
    // One split is its own mean: per-split columns only add something with several.
    columns: [...MEAN_COLUMNS, ...(splits.length > 1 ? splits.flatMap((s) => [`split${s} top1`, `split${s} top5`]) : [])],
  };
}
