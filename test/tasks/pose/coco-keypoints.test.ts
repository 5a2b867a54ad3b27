import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCocoGroundTruth, poseGroundTruth } from '../../../src/datasets/coco/annotations.js';
import { parseCocoKeypointResults } from '../../../src/datasets/coco/results.js';
import { COCO_KEYPOINTS_KEYS, CocoKeypointsMetric, personArea } from '../../../src/tasks/pose/coco-keypoints.js';
import { COCO_KEYPOINT_SIGMAS } from '../../../src/tasks/pose/oks.js';
import { expectStats, loadCases, type CocoCase } from '../detection/coco-harness.js';

const cases = loadCases('keypoints-cases.json');

function metricFor(c: CocoCase, options = {}): CocoKeypointsMetric {
  const gt = parseCocoGroundTruth(c.gt, `${c.name}.json`);
  const predictions = parseCocoKeypointResults(c.results, `${c.name}-results.json`, gt);
  const metric = new CocoKeypointsMetric(options);
  for (const image of gt.images) metric.update(predictions.get(image.id)!, poseGroundTruth(gt, image.id));
  return metric;
}

describe('COCO keypoint evaluation against pycocotools', () => {
  it('uses the COCO sigmas to the last bit', () => {
    const reference = JSON.parse(readFileSync(new URL('../../fixtures/coco/thresholds.json', import.meta.url), 'utf8'));
    expect([...COCO_KEYPOINT_SIGMAS]).toEqual(reference.kptOksSigmas);
  });

  for (const c of cases) {
    it(`agrees on "${c.name}"`, () => {
      expectStats(COCO_KEYPOINTS_KEYS, metricFor(c).compute(), c.stats);
    });

    it(`gives each statistic alone (summaryValue) as the full summary does on "${c.name}"`, () => {
      const metric = metricFor(c);
      expect(Object.fromEntries(COCO_KEYPOINTS_KEYS.map((k) => [k, metric.summaryValue(k)]))).toEqual(metric.compute());
    });
  }

  it('takes a result area from its bbox when it has one, else from its keypoints', () => {
    const keypoints = [10, 20, 2, 40, 25, 0, 30, 80, 1];
    expect(personArea({ categoryId: 1, score: 1, keypoints })).toBe(30 * 60);
    expect(personArea({ categoryId: 1, score: 1, keypoints, bbox: [0, 0, 5, 7] })).toBe(35);
  });

  it('changes with the sigmas, which are configurable', () => {
    const c = cases.find((x) => x.name === 'random')!;
    const loose = metricFor(c, { sigmas: COCO_KEYPOINT_SIGMAS.map((s) => s * 2) }).compute();
    expect(loose.AP!).toBeGreaterThan(c.stats[0]!);
    expect(() => new CocoKeypointsMetric({ sigmas: [0.1, -1] })).toThrow(/sigmas/);
  });

  it('merges shards and restores state to the same numbers', () => {
    const c = cases.find((x) => x.name === 'random')!;
    const gt = parseCocoGroundTruth(c.gt, 'gt.json');
    const predictions = parseCocoKeypointResults(c.results, 'results.json', gt);
    const shards = [new CocoKeypointsMetric(), new CocoKeypointsMetric()];
    gt.images.forEach((image, i) => shards[i % 2].update(predictions.get(image.id)!, poseGroundTruth(gt, image.id)));
    const restored = new CocoKeypointsMetric();
    restored.load(JSON.parse(JSON.stringify(shards[1].state())));
    shards[0].merge(restored);
    expectStats(COCO_KEYPOINTS_KEYS, shards[0].compute(), c.stats);
  });

  it('rejects keypoints of the wrong length', () => {
    const metric = new CocoKeypointsMetric();
    const gt = { imageId: 1, width: 10, height: 10, people: [] };
    expect(() => metric.update({ imageId: 1, people: [{ categoryId: 1, score: 1, keypoints: [1, 2, 3] }] }, gt)).toThrow(/51 keypoint numbers/);
  });
});
