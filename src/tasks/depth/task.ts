import type { Metric, MetricValues } from '../../metrics/metric.js';
import { parseDepthConfig } from '../../models/adapters/depth-config.js';
import { depthAdapter } from '../../models/adapters/depth.js';
import { defineTask, type TaskDeclaration, type MetricBinding } from '../task.js';
import { evalDepth } from './eval.js';
import { DEPTH_OPTIONS } from './options.js';
import { alignDepth, depthOfPrediction } from './align.js';
import { DepthMetric } from './metric.js';
import { checkDepthPrediction, type DepthPrediction } from './prediction.js';
import type { DepthMap, DepthOptions, DepthResult } from './types.js';
import { depthView } from './view.js';

/**
 * The Eigen depth metric fed with raw model output: each prediction is resized and aligned to
 * its own ground truth (tasks/depth/align.ts) before it is scored, so state, merge and the
 * numbers are exactly DepthMetric's.
 */
export class AlignedDepthMetric implements Metric<DepthPrediction, DepthMap, DepthResult> {
  readonly name = 'depth';
  readonly inner: DepthMetric;

  constructor(options: Partial<DepthOptions> = {}) {
    this.inner = new DepthMetric(options);
  }

  update(prediction: DepthPrediction, groundTruth: DepthMap): void {
    this.inner.update(alignDepth(prediction, groundTruth, this.inner.options), groundTruth);
  }

  merge(other: this): void {
    this.inner.merge(other.inner);
  }

  compute(): DepthResult {
    return this.inner.compute();
  }

  state(): unknown {
    return this.inner.state();
  }

  load(state: unknown): void {
    this.inner.load(state);
  }
}

/** The paper's depth table: abs rel, sq rel, RMSE, RMSE log, δ < 1.25ⁿ; the store keeps all of DepthResult. */
export const DEPTH_COLUMNS = ['absRel', 'sqRel', 'rmse', 'rmseLog', 'delta1', 'delta2', 'delta3'] as const;

/** Eigen et al.'s error measures, where smaller is better (δ-accuracies are not among them); pooled: over all pixels. */
export const DEPTH_ERRORS = ['absRel', 'sqRel', 'rmse', 'rmseLog', 'log10', 'pooledAbsRel', 'pooledSqRel', 'pooledRmse', 'pooledRmseLog', 'pooledLog10'] as const;

export function depthMetrics(options: Partial<DepthOptions> = {}): MetricBinding[] {
  return [{ metric: new AlignedDepthMetric(options), values: (r) => r as unknown as MetricValues, columns: DEPTH_COLUMNS, headline: 'absRel', lowerIsBetter: DEPTH_ERRORS }];
}

/** Monocular depth: the Eigen measures, each prediction aligned to its ground truth; reference mode scores against the pristine depth. */
export const depth: TaskDeclaration<'depth'> = defineTask({
  id: 'depth',
  metrics: (_dataset, options) => depthMetrics(options),
  // Reference mode: the pristine prediction, read as depth, is the ground truth.
  referenceGroundTruth: (pristine) => depthOfPrediction(pristine as DepthPrediction),
  imageId: () => 0,
  bind: (prediction) => prediction,
  view: depthView,
  checkPrediction: checkDepthPrediction,
  options: DEPTH_OPTIONS,
  adapters: {
    graph: async (runtime, settings, file) => depthAdapter(runtime, parseDepthConfig(settings, file)),
    layers: async (spec, layers) => (await import('../../models/adapters/layers-depth.js')).layersDepthModel(spec, layers),
  },
  eval: { protocols: { folders: evalDepth } },
  retrain: async () => (await import('../../retrain/tasks/depth.js')).depthRetrainTask,
});
