import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { VocDetectionMetric } from '../../../src/tasks/detection/voc-metric.js';
import { fromVocBox, matchImage, vocAveragePrecision, vocIou, type VocBox, type VocProtocol } from '../../../src/tasks/detection/voc-ap.js';
import type { DetectionGroundTruth, DetectionPrediction, Box } from '../../../src/tasks/detection/types.js';

interface Case {
  name: string;
  classes: string[];
  images: { id: string; width: number; height: number; objects: { name: string; bbox: VocBox; difficult: boolean }[] }[];
  detections: { image_id: string; category: string; bbox: Box; score: number }[];
  expected: Record<VocProtocol, { mAP: number | null; perClass: Record<string, number | null> }>;
}

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/voc/vectors.json', import.meta.url), 'utf8')) as { cases: Case[] };

function samples(c: Case): [DetectionPrediction, DetectionGroundTruth][] {
  const categoryId = new Map(c.classes.map((name, i) => [name, i + 1]));
  return c.images.map((im, i) => [
    {
      imageId: i,
      detections: c.detections
        .filter((d) => d.image_id === im.id)
        .map((d) => ({ categoryId: categoryId.get(d.category)!, bbox: d.bbox, score: d.score })),
    },
    {
      imageId: i,
      width: im.width,
      height: im.height,
      objects: im.objects.map((o, k) => ({
        id: k,
        categoryId: categoryId.get(o.name)!,
        bbox: fromVocBox(o.bbox),
        area: 0,
        iscrowd: false,
        difficult: o.difficult,
      })),
    },
  ]);
}

function categories(c: Case): Map<number, string> {
  return new Map(c.classes.map((name, i) => [i + 1, name]));
}

function expectClose(actual: { mAP: number | null; perClass: Record<string, number | null> }, expected: typeof actual): void {
  expect(Object.keys(actual.perClass)).toEqual(Object.keys(expected.perClass));
  for (const [name, ap] of Object.entries(expected.perClass)) {
    if (ap === null) expect(actual.perClass[name]).toBeNull();
    else expect(Math.abs(actual.perClass[name]! - ap)).toBeLessThan(1e-9);
  }
  if (expected.mAP === null) expect(actual.mAP).toBeNull();
  else expect(Math.abs(actual.mAP! - expected.mAP)).toBeLessThan(1e-9);
}

describe('VOC AP against py-faster-rcnn voc_eval.py vectors', () => {
  for (const c of vectors.cases) {
    for (const protocol of ['voc07', 'voc12'] as const) {
      it(`${c.name} ${protocol}`, () => {
        const metric = new VocDetectionMetric(protocol, categories(c));
        for (const [p, g] of samples(c)) metric.update(p, g);
        expectClose(metric.compute(), c.expected[protocol]);
      });
    }
  }

  it('merge of two halves equals the whole, and state() round-trips through JSON', () => {
    const c = vectors.cases.find((x) => x.name === 'dense')!;
    const all = samples(c);
    const a = new VocDetectionMetric('voc12', categories(c));
    const b = new VocDetectionMetric('voc12', categories(c));
    all.forEach(([p, g], i) => (i < all.length / 2 ? a : b).update(p, g));
    const restored = new VocDetectionMetric('voc12', categories(c));
    restored.load(JSON.parse(JSON.stringify(a.state())));
    restored.merge(b);
    expectClose(restored.compute(), c.expected.voc12);
  });
});

describe('VOC devkit semantics', () => {
  const gt = (box: VocBox, difficult = false) => ({ box, difficult });

  it('uses the +1 inclusive-pixel IoU', () => {
    // 10×10 boxes overlapping by 5×10 pixels: 50 / (100 + 100 - 50).
    expect(vocIou([1, 1, 10, 10], [6, 1, 15, 10])).toBe(50 / 150);
    expect(vocIou([1, 1, 10, 10], [11, 1, 20, 10])).toBe(0);
  });

  it('counts IoU of exactly 0.5 as a match (devkit >=, not voc_eval.py >)', () => {
    // 10×10 GT, 10×15 detection sharing 10×10: IoU 100/150 ≠ 0.5; use 2:1 instead: 100/200.
    const m = matchImage([{ box: [1, 1, 20, 10], score: 0.9 }], [gt([1, 1, 10, 10])]);
    expect(vocIou([1, 1, 20, 10], [1, 1, 10, 10])).toBe(0.5);
    expect(m.outcomes).toEqual([1]);
  });

  it('marks a duplicate as FP and ignores detections of difficult objects', () => {
    const m = matchImage(
      [
        { box: [1, 1, 10, 10], score: 0.5 },
        { box: [1, 1, 10, 10], score: 0.9 },
        { box: [31, 31, 40, 40], score: 0.8 },
        { box: [61, 61, 70, 70], score: 0.7 },
      ],
      [gt([1, 1, 10, 10]), gt([31, 31, 40, 40], true)],
    );
    expect(m.npos).toBe(1);
    expect(m.scores).toEqual([0.9, 0.7, 0.5]);
    expect(m.outcomes).toEqual([1, 0, 0]);
  });

  it('breaks score ties by input order (stable, like MATLAB sort)', () => {
    // Same scores, TP first then FP vs FP first then TP give different all-point AP.
    expect(vocAveragePrecision([0.5, 0.5], [1, 0], 1, 'voc12')).toBe(1);
    expect(vocAveragePrecision([0.5, 0.5], [0, 1], 1, 'voc12')).toBe(0.5);
  });

  it('computes 11-point AP at exact recall thresholds', () => {
    // npos 5, three TPs: recall reaches exactly 3/5 = 0.6, which counts for t = 0.6.
    const ap = vocAveragePrecision([0.9, 0.8, 0.7], [1, 1, 1], 5, 'voc07');
    expect(ap).toBeCloseTo(7 / 11, 15);
  });

  it('skips leading difficult matches instead of letting 0/0 precision poison AP (MATLAB max ignores NaN)', () => {
    const m = matchImage(
      [
        { box: [31, 31, 40, 40], score: 0.9 },
        { box: [1, 1, 10, 10], score: 0.8 },
      ],
      [gt([1, 1, 10, 10]), gt([31, 31, 40, 40], true)],
    );
    expect(vocAveragePrecision(m.scores, m.outcomes, m.npos, 'voc12')).toBe(1);
    expect(vocAveragePrecision(m.scores, m.outcomes, m.npos, 'voc07')).toBeCloseTo(1, 15);
  });

  it('reports null for a class without non-difficult ground truth and leaves it out of mAP', () => {
    const metric = new VocDetectionMetric('voc12', new Map([[1, 'a'], [2, 'b']]));
    metric.update(
      { imageId: 1, detections: [{ categoryId: 1, bbox: [0, 0, 10, 10], score: 0.9 }, { categoryId: 2, bbox: [0, 0, 5, 5], score: 0.3 }] },
      {
        imageId: 1,
        width: 50,
        height: 50,
        objects: [
          { id: 1, categoryId: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: false },
          { id: 2, categoryId: 2, bbox: [20, 20, 5, 5], area: 25, iscrowd: false, difficult: true },
        ],
      },
    );
    expect(metric.compute()).toEqual({ mAP: 1, perClass: { a: 1, b: null } });
  });

  it('refuses a detection of an unknown category without counting anything', () => {
    const metric = new VocDetectionMetric('voc07', new Map([[1, 'a']]));
    expect(() =>
      metric.update({ imageId: 7, detections: [{ categoryId: 9, bbox: [0, 0, 1, 1], score: 1 }] }, { imageId: 7, width: 1, height: 1, objects: [] }),
    ).toThrow('image 7: Unknown category_id 9, expected one of: 1');
  });
});
