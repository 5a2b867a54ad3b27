import type { ClassificationGroundTruth } from '../../datasets/classification.js';
import type { Metric, MetricValues } from '../../metrics/metric.js';
import { classificationGraphAdapter } from '../../models/adapters/classifier-graph.js';
import { defineTask, type TaskDeclaration, type MetricBinding } from '../task.js';
import { evalClassification } from './eval.js';
import { ClassificationMetric, type ClassificationResult } from './metric.js';
import { checkClassificationPrediction, className, type ClassificationPrediction } from './prediction.js';
import { classificationView } from './view.js';

/**
 * Top-1 / top-5 / per-class accuracy on a classifier's ranked output: classes are compared by
 * name (tasks/classification/prediction.ts `className`), the ground truth by its class name.
 */
export class RankedClassificationMetric implements Metric<ClassificationPrediction, ClassificationGroundTruth, ClassificationResult> {
  readonly name = 'classification';
  readonly inner = new ClassificationMetric();

  constructor(private readonly categories?: ReadonlyMap<number, string>) {}

  update(prediction: ClassificationPrediction, groundTruth: ClassificationGroundTruth): void {
    this.inner.update(prediction.top.map((c) => className(c, this.categories)), groundTruth.name);
  }

  merge(other: this): void {
    this.inner.merge(other.inner);
  }

  compute(): ClassificationResult {
    return this.inner.compute();
  }

  state(): unknown {
    return this.inner.state();
  }

  load(state: unknown): void {
    this.inner.load(state);
  }
}

export function classificationMetrics(dataset: { categories?: ReadonlyMap<number, string> }): MetricBinding[] {
  const values = (result: unknown): MetricValues => {
    const r = result as ClassificationResult;
    const out: MetricValues = { top1: r.top1, top5: r.top5, meanClassAcc: r.meanClassAcc };
    for (const [label, acc] of Object.entries(r.perClass)) out[`acc ${label}`] = acc;
    return out;
  };
  return [{ metric: new RankedClassificationMetric(dataset.categories), values, columns: ['top1', 'top5', 'meanClassAcc'], headline: 'top1' }];
}

/** Image classification: top-1, top-5 and per-class accuracy; reference mode takes the pristine top-1 as the label. */
export const classification: TaskDeclaration<'classification'> = defineTask({
  id: 'classification',
  metrics: (dataset) => classificationMetrics(dataset),
  // Reference mode: the pristine top-1 class is the label (no threshold: a classifier always answers).
  referenceGroundTruth: (pristine): ClassificationGroundTruth => {
    const best = (pristine as ClassificationPrediction).top[0];
    return { label: best.index, name: className(best) };
  },
  imageId: () => 0,
  bind: (prediction) => prediction,
  view: classificationView,
  checkPrediction: checkClassificationPrediction,
  options: [],
  adapters: {
    graph: classificationGraphAdapter,
    layers: async (spec, layers, options) => (await import('../../models/adapters/layers-classifier.js')).layersClassifierModel(spec, layers, options.classes),
  },
  eval: { protocols: { labels: evalClassification } },
  retrain: async () => (await import('../../retrain/tasks/classification.js')).classificationRetrainTask,
});
