import { describe, expect, it } from 'vitest';
import { ClassificationMetric } from '../../src/tasks/classification/metric.js';
import { CocoBboxMetric } from '../../src/tasks/detection/coco-bbox.js';
import type { DetectionGroundTruth, DetectionPrediction } from '../../src/tasks/detection/types.js';
import { bootstrapStatistic, percentileInterval, resampleIndices, SampleStates } from '../../src/report/bootstrap.js';
import { repeatCocoImages } from '../../src/tasks/detection/coco-repeat.js';

/** One classification state per sample: `hits` of `n` samples right at top-1. */
function classificationStates(n: number, hits: number): unknown[] {
  return Array.from({ length: n }, (_, i) => {
    const m = new ClassificationMetric();
    m.update(i < hits ? ['cat', 'dog'] : ['dog', 'cat'], 'cat');
    return m.state();
  });
}

const top1 = (ms: ClassificationMetric[]) => ms[0].compute().top1;
const spec = { create: () => new ClassificationMetric() };

describe('bootstrap over per-sample metric states', () => {
  it('rebuilds the full-sample metric from merged per-sample states', () => {
    const set = new SampleStates(spec, classificationStates(10, 7));
    expect(set.all().compute().top1).toBeCloseTo(0.7, 15);
    expect(set.merged([0, 0, 9, 9]).compute().top1).toBeCloseTo(0.5, 15);
  });

  it('gives the binomial 95 % interval for top-1 accuracy (p = 0.7, n = 400)', () => {
    const r = bootstrapStatistic([new SampleStates(spec, classificationStates(400, 280))], top1, { replicates: 2000, seed: 1 });
    const halfWidth = 1.96 * Math.sqrt((0.7 * 0.3) / 400); // 0.0449
    expect(r.estimate).toBeCloseTo(0.7, 15);
    expect(r.interval![0]).toBeCloseTo(0.7 - halfWidth, 2);
    expect(r.interval![1]).toBeCloseTo(0.7 + halfWidth, 2);
  });

  it('is deterministic for a seed and pairs samples across metric sets', () => {
    const a = new SampleStates(spec, classificationStates(50, 30));
    const once = bootstrapStatistic([a], top1, { replicates: 200, seed: 7 });
    expect(bootstrapStatistic([a], top1, { replicates: 200, seed: 7 })).toEqual(once);
    expect(bootstrapStatistic([a], top1, { replicates: 200, seed: 8 })).not.toEqual(once);
    // The same set on both sides: paired resampling makes every difference exactly 0.
    const diff = bootstrapStatistic([a, a], (ms) => ms[1].compute().top1! - ms[0].compute().top1!, { replicates: 200 });
    expect(diff.interval).toEqual([0, 0]);
  });

  it('skips samples with no state (failed) and leaves out undefined replicates', () => {
    const set = new SampleStates(spec, [classificationStates(1, 1)[0], undefined]);
    expect(set.all().compute().top1).toBe(1);
    expect(percentileInterval([null, null], 0.95)).toBeNull();
    expect(resampleIndices(3, 2, 0).every((d) => d.length === 3 && [...d].every((i) => i >= 0 && i < 3))).toBe(true);
  });

  it('draws a COCO image twice without "evaluated twice", and a repeat counts like a copy', () => {
    const states = [1, 2].map((imageId) => {
      const m = new CocoBboxMetric();
      const gt: DetectionGroundTruth = { imageId, width: 100, height: 100, objects: [{ id: imageId, categoryId: 1, bbox: [10, 10, 50, 50], area: 2500, iscrowd: false }] };
      const pred: DetectionPrediction = { imageId, detections: [{ categoryId: 1, bbox: imageId === 1 ? [10, 10, 50, 50] : [60, 60, 30, 30], score: 0.9 }] };
      m.update(pred, gt);
      return m.state();
    });
    const coco = new SampleStates({ create: () => new CocoBboxMetric(), repeat: repeatCocoImages }, states);
    const ap = (m: CocoBboxMetric) => (m.compute() as Record<string, number>).AP;
    expect(ap(coco.merged([0, 0]))).toBeCloseTo(ap(coco.merged([0])), 12);
    expect(ap(coco.merged([0]))).toBeCloseTo(1, 12);
    expect(ap(coco.merged([1, 1]))).toBeCloseTo(0, 12);
    expect(ap(coco.all())).toBeCloseTo(0.5, 2);
  });
});
