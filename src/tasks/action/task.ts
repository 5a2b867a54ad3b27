import { LossyvisionError } from '../../errors.js';
import { defineTask, type TaskDeclaration, type MetricBinding } from '../task.js';
import { ActionMetric, actionValues, type ActionResult } from './metric.js';
import { actionView } from './view.js';

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
    headline: 'top1',
  };
}

/** Per-stream class scores of one video, as the action sweep scores them. */
function checkStreamScores(prediction: unknown): string | undefined {
  const p = prediction as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object') return 'expected class scores per stream';
  for (const [stream, scores] of Object.entries(p)) {
    if (!Array.isArray(scores) || !scores.every((v) => Number.isFinite(v))) return `stream ${stream}: expected an array of finite class scores`;
  }
  return undefined;
}

/**
 * Action recognition on UCF101-style videos: top-1 / top-5 per stream (spatial, temporal,
 * fusion) and per split. Samples are whole videos; action data is always labelled, so there is
 * no reference mode. Action models load through models/adapters/video-classifier-load.ts.
 */
export const action: TaskDeclaration<'action'> = defineTask({
  id: 'action',
  // The sweep names the classes (index → name) and splits; the report, rebuilding from stored per-video states, needs neither.
  metrics: (dataset) => [actionMetricBinding('rgb', [...(dataset.categories?.values() ?? [])], dataset.splits)],
  referenceGroundTruth: () => {
    throw new LossyvisionError('INVALID_ARGUMENT', 'Expected labelled action data (UCF101 class folders and split lists): action recognition has no reference mode');
  },
  imageId: () => 0,
  bind: (prediction) => prediction,
  view: actionView,
  checkPrediction: checkStreamScores,
  options: [],
  adapters: {},
  retrain: async () => (await import('../../retrain/tasks/action.js')).actionRetrainTask,
});
