import { describe, expect, it } from 'vitest';
import { detectionGroundTruth, parseCocoGroundTruth } from '../../../src/datasets/coco/annotations.js';
import { parseCocoDetections } from '../../../src/datasets/coco/results.js';
import { COCO_BBOX_KEYS, CocoBboxMetric } from '../../../src/tasks/detection/coco-bbox.js';
import { expectStats, loadCases, type CocoCase } from './coco-harness.js';

const cases = loadCases('bbox-cases.json');

function metricFor(c: CocoCase, imageIds?: number[]): CocoBboxMetric {
  const gt = parseCocoGroundTruth(c.gt, `${c.name}.json`);
  const predictions = parseCocoDetections(c.results, `${c.name}-results.json`, gt);
  const metric = new CocoBboxMetric();
  for (const id of imageIds ?? gt.images.map((i) => i.id)) metric.update(predictions.get(id)!, detectionGroundTruth(gt, id));
  return metric;
}

describe('COCO bbox evaluation against pycocotools', () => {
  it('has vectors for every rule', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'basic',
      'iou-at-thresholds',
      'crowds',
      'score-ties',
      'area-boundaries',
      'many-detections',
      'sparse-ids',
      'annotation-id-zero',
      'undefined-ranges',
      'random',
    ]);
  });

  for (const c of cases) {
    it(`agrees on "${c.name}"`, () => {
      expectStats(COCO_BBOX_KEYS, metricFor(c).compute(), c.stats);
    });
  }

  it('is bit-identical to pycocotools on every vector', () => {
    for (const c of cases) {
      const got = Object.values(metricFor(c).compute());
      expect(got, c.name).toEqual(c.stats);
    }
  });

  it('gives the same numbers whatever order images arrive in, merged across shards', () => {
    const c = cases.find((x) => x.name === 'random')!;
    const ids = (c.gt as { images: { id: number }[] }).images.map((i) => i.id);
    const reversed = [...ids].reverse();
    const a = metricFor(c, reversed.filter((_, i) => i % 3 === 0));
    const b = metricFor(c, reversed.filter((_, i) => i % 3 !== 0));
    a.merge(b);
    expectStats(COCO_BBOX_KEYS, a.compute(), c.stats);
  });

  it('gives each statistic alone (summaryValue, its slice only) exactly as the full summary does', () => {
    for (const c of cases) {
      const metric = metricFor(c);
      const full = metric.compute();
      expect(Object.fromEntries(COCO_BBOX_KEYS.map((k) => [k, metric.summaryValue(k)])), c.name).toEqual(full);
      expect(Object.values(full), c.name).toEqual(c.stats);
    }
    expect(metricFor(cases[0]).summaryValue('no such statistic')).toBeUndefined();
  });

  it('restores from state() exactly, through JSON', () => {
    const c = cases.find((x) => x.name === 'crowds')!;
    const restored = new CocoBboxMetric();
    restored.load(JSON.parse(JSON.stringify(metricFor(c).state())));
    expect(Object.values(restored.compute())).toEqual(c.stats);
  });

  it('refuses an image evaluated twice', () => {
    const c = cases[0];
    const a = metricFor(c);
    expect(() => a.merge(metricFor(c))).toThrow(/evaluated twice/);
  });
});
