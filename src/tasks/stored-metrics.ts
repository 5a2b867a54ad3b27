import type { MetricBinding, TaskOptions } from './registry.js';
import { getTask, tasks } from './registry.js';
import { actionMetricBinding } from './action/definition.js';

/**
 * A task's metric accumulators, for code that rebuilds metrics from stored per-sample states
 * (the report's bootstrap). Action recognition is swept by its own runner, not through the
 * image-task registry, but stores its metric the same way; an unknown task has none.
 */
export function storedMetrics(task: string, options: TaskOptions | undefined, dataset: { format: string }): MetricBinding[] {
  if (task === 'action') return [actionMetricBinding('rgb')];
  return tasks.has(task) ? getTask(task, options).createMetrics(dataset) : [];
}
