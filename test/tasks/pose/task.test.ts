import { describe, expect, it } from 'vitest';
import { getTask } from '../../../src/tasks/index.js';
import { poseReferenceGroundTruth } from '../../../src/tasks/pose/reference.js';
import type { PoseGroundTruth, PosePerson } from '../../../src/tasks/pose/types.js';

const kp = (triples: [number, number, number][]) => triples.flat();
/** Nose, both eyes scored high; the other 14 keypoints low. */
const strong: PosePerson = {
  categoryId: 1,
  score: 0.8,
  keypoints: kp([[50, 40, 0.9], [60, 30, 0.31], [40, 30, 0.3], ...Array.from({ length: 14 }, (): [number, number, number] => [5, 5, 0.1])]),
};
const weak: PosePerson = { categoryId: 1, score: 0.4, keypoints: kp(Array.from({ length: 17 }, (): [number, number, number] => [1, 1, 0.9])) };

describe('poseReferenceGroundTruth', () => {
  it('keeps people at or above the threshold, with visible keypoints, box, area and count synthesised', () => {
    const gt = poseReferenceGroundTruth([strong, weak], { imageId: 7, width: 100, height: 80 }, 0.5);
    expect(gt).toMatchObject({ imageId: 7, width: 100, height: 80 });
    expect(gt.people).toHaveLength(1);
    const [p] = gt.people;
    expect(p.keypoints.slice(0, 9)).toEqual([50, 40, 2, 60, 30, 2, 40, 30, 2]);
    expect(p.keypoints.slice(9)).toEqual(new Array(42).fill(0));
    expect(p).toMatchObject({ id: 1, categoryId: 1, bbox: [40, 30, 20, 10], area: 200, iscrowd: false, numKeypoints: 3 });
  });

  it('takes a keypoint threshold of its own', () => {
    const gt = poseReferenceGroundTruth([strong], { imageId: 1, width: 100, height: 80 }, 0.5, 0.305);
    expect(gt.people[0].numKeypoints).toBe(2);
  });
});

describe('the pose task', () => {
  it('is registered, scores COCO keypoint AP and PCKh@0.5, and checks predictions', () => {
    const task = getTask('pose');
    const bindings = task.createMetrics({ format: 'folder' });
    expect(bindings.map((b) => b.metric.name)).toEqual(['coco-keypoints', 'pckh@0.5']);
    expect(bindings.flatMap((b) => b.columns)).toEqual(['AP', 'AP50', 'AP75', 'PCKh@0.5']);
    expect(task.checkPrediction([strong])).toBeUndefined();
    expect(task.checkPrediction({ people: [] })).toBeUndefined();
    expect(task.checkPrediction([{ ...strong, keypoints: [1, 2] }])).toMatch(/^person 0: expected/);
    expect(task.checkPrediction([{ ...strong, score: NaN }])).toMatch(/^person 0/);
    expect(task.checkPrediction(undefined)).toBe('expected an array of people');
  });

  it('scores a pristine prediction against its own reference perfectly, and a shifted one lower', () => {
    const task = getTask('pose', { pck: { reference: 'torso' } });
    const sample = { imageId: 3, width: 400, height: 400 };
    // A whole, upright person: every keypoint visible.
    const body: PosePerson = {
      categoryId: 1,
      score: 0.9,
      keypoints: kp([
        [200, 50, 0.9], [210, 40, 0.9], [190, 40, 0.9], [220, 45, 0.9], [180, 45, 0.9], [240, 100, 0.9], [160, 100, 0.9],
        [250, 160, 0.9], [150, 160, 0.9], [255, 210, 0.9], [145, 210, 0.9], [225, 220, 0.9], [175, 220, 0.9],
        [225, 300, 0.9], [175, 300, 0.9], [225, 380, 0.9], [175, 380, 0.9],
      ]),
    };
    const gt = task.referenceGroundTruth([body], sample, 0.5) as PoseGroundTruth;
    const shifted: PosePerson = { ...body, keypoints: body.keypoints.map((v, i) => (i % 3 === 0 ? v + 30 : v)) };
    const [same, moved] = [[body], [shifted]].map((prediction) => {
      const bindings = task.createMetrics({ format: 'folder' });
      for (const b of bindings) b.metric.update(task.bind(prediction, task.imageId(gt)), gt);
      return Object.assign({}, ...bindings.map((b) => b.values(b.metric.compute())));
    });
    expect(same.AP).toBeCloseTo(1, 12); // pycocotools' own 0.9999999999999998
    expect(same['PCK@0.5']).toBe(1);
    // 30 px off is inside 0.5 × torso (left shoulder to right hip, 136.5 px), so PCK stays 1
    // while OKS, scaled by the keypoint box area, falls.
    expect(moved['PCK@0.5']).toBe(1);
    expect(moved.AP).toBeLessThan(0.5);
  });
});
