import type { Direction } from '../metrics/metric.js';

/** Error measures, where smaller is better (depth: Eigen et al.'s errors; δ-accuracies are not among them). */
const LOWER_IS_BETTER = new Set(['absRel', 'sqRel', 'rmse', 'rmseLog', 'log10', 'pooledAbsRel', 'pooledSqRel', 'pooledRmse', 'pooledRmseLog', 'pooledLog10']);

/** Which way is better for a metric value name; accuracies, AP, IoU and δ are higher-is-better. */
export function directionOf(metric: string): Direction {
  return LOWER_IS_BETTER.has(metric) ? 'lower' : 'higher';
}
