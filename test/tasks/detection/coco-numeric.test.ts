import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linspace, numpySum } from '../../../src/tasks/detection/coco-numeric.js';
import { COCO_BBOX_PARAMS } from '../../../src/tasks/detection/coco-params.js';
import { boxIou } from '../../../src/tasks/detection/coco-iou.js';

const reference = JSON.parse(readFileSync(new URL('../../fixtures/coco/thresholds.json', import.meta.url), 'utf8'));

describe('numpy behaviours COCOeval depends on', () => {
  it('reproduces np.linspace bit for bit (not k/100)', () => {
    expect([...COCO_BBOX_PARAMS.iouThresholds]).toEqual(reference.iouThrs);
    expect([...COCO_BBOX_PARAMS.recallThresholds]).toEqual(reference.recThrs);
    expect(linspace(0, 1, 101)[35]).toBe(0.35000000000000003);
    expect(linspace(0.5, 0.95, 10)[8]).toBe(0.8999999999999999);
  });

  it('sums in numpy pairwise order, which differs from a plain loop', () => {
    const values = Array.from({ length: 200 }, (_, i) => 0.1 * ((i * 7919) % 113) + 1e-3 / (i + 1));
    const naive = values.reduce((s, v) => s + v, 0);
    const pairwise = numpySum(values);
    expect(Math.abs(pairwise - naive)).toBeLessThan(1e-9);
    expect(numpySum([1, 2, 3])).toBe(6);
    expect(numpySum([])).toBe(0);
  });
});

describe('box IoU as maskApi.c bbIou', () => {
  it('gives intersection over union, and over the detection area against crowds', () => {
    const iou = boxIou(
      [
        [0, 0, 10, 10],
        [20, 20, 5, 5],
      ],
      [
        [0, 0, 10, 5],
        [0, 0, 100, 100],
      ],
      [false, true],
    );
    expect([...iou]).toEqual([0.5, 1, 0, 1]);
  });
});
