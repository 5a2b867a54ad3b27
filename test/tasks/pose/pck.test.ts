import { describe, expect, it } from 'vitest';
import { KP } from '../../../src/tasks/pose/keypoint-names.js';
import { matchPeopleByOks } from '../../../src/tasks/pose/match.js';
import { PckMetric } from '../../../src/tasks/pose/pck.js';
import type { PoseGroundTruth, PoseGroundTruthPerson, PosePerson } from '../../../src/tasks/pose/types.js';

/** 17 keypoints, all unlabelled except those given (x, y, v). */
function keypoints(points: Record<string, [number, number]>, v = 2): number[] {
  const k = new Array<number>(51).fill(0);
  for (const [name, [x, y]] of Object.entries(points)) k.splice(3 * KP[name], 3, x, y, v);
  return k;
}

function gtPerson(id: number, points: Record<string, [number, number]>): PoseGroundTruthPerson {
  return { id, categoryId: 1, bbox: [0, 0, 200, 200], area: 20000, iscrowd: false, keypoints: keypoints(points), numKeypoints: Object.keys(points).length };
}

const person = (points: Record<string, [number, number]>, score = 0.9): PosePerson => ({ categoryId: 1, score, keypoints: keypoints(points, score) });

// Ears 20 px apart (head size 20 → PCKh@0.5 radius 10); left shoulder to right hip 50 px (torso radius 25).
const truth = { nose: [90, 60], left_ear: [100, 50], right_ear: [80, 50], left_shoulder: [100, 80], right_hip: [70, 120] } satisfies Record<string, [number, number]>;
const image1: PoseGroundTruth = { imageId: 1, width: 200, height: 200, people: [gtPerson(1, truth)] };
const prediction1 = {
  imageId: 1,
  people: [person({ nose: [99, 60], left_ear: [100, 60], right_ear: [80, 61], left_shoulder: [100, 80], right_hip: [70, 120] })],
};

describe('PckMetric', () => {
  it('counts a keypoint within alpha × head size (the ear distance) as found, at the boundary included', () => {
    const m = new PckMetric();
    expect(m.name).toBe('pckh@0.5');
    m.update(prediction1, image1);
    const r = m.compute();
    // nose 9 px: hit; left ear 10 px: hit (≤); right ear 11 px: miss; shoulder, hip exact: hits.
    expect(r['PCKh@0.5']).toBe(4 / 5);
    expect(r).toMatchObject({ nose: 1, left_ear: 1, right_ear: 0, left_shoulder: 1, right_hip: 1, left_eye: null, skipped: 0 });
  });

  it('uses the torso (left shoulder to right hip) when asked, with its own alpha', () => {
    const torso = new PckMetric({ reference: 'torso', alpha: 0.2 });
    expect(torso.valueName).toBe('PCK@0.2');
    torso.update(prediction1, image1);
    // radius 0.2 × 50 = 10: the same hits as above.
    expect(torso.compute()['PCK@0.2']).toBe(4 / 5);
    const loose = new PckMetric({ reference: 'torso', alpha: 0.5 });
    loose.update(prediction1, image1);
    expect(loose.compute()['PCK@0.5']).toBe(1);
  });

  it('counts unmatched people as misses, skips people without a reference size, ignores extra predictions', () => {
    const m = new PckMetric();
    const gt: PoseGroundTruth = {
      imageId: 2, width: 400, height: 400,
      people: [gtPerson(1, truth), gtPerson(2, { nose: [300, 300], left_ear: [310, 290], right_ear: [290, 290] }), gtPerson(3, { nose: [200, 380] })],
    };
    // One prediction, on person 1; a far-away false alarm takes person 3 (no ears: skipped anyway).
    m.update({ imageId: 2, people: [prediction1.people[0], person({ nose: [150, 390] }, 0.1)] }, gt);
    const r = m.compute();
    expect(r['PCKh@0.5']).toBe(4 / 8);
    expect(r).toMatchObject({ nose: 1 / 2, left_ear: 1 / 2, right_ear: 0, skipped: 1 });
  });

  it('merges and round-trips its state exactly', () => {
    const a = new PckMetric();
    const b = new PckMetric();
    const both = new PckMetric();
    const image2: PoseGroundTruth = { ...image1, imageId: 2 };
    const prediction2 = { imageId: 2, people: [person(truth)] };
    a.update(prediction1, image1);
    b.update(prediction2, image2);
    both.update(prediction1, image1);
    both.update(prediction2, image2);
    a.merge(b);
    expect(a.compute()).toEqual(both.compute());
    const restored = new PckMetric();
    restored.load(JSON.parse(JSON.stringify(a.state())));
    expect(restored.compute()).toEqual(both.compute());
    expect(restored.compute()['PCKh@0.5']).toBe(9 / 10);
    expect(() => restored.load({ correct: [1], total: [1], skipped: 0 })).toThrow(/Expected \{ correct, total: 17 counts each, skipped \} for pckh@0.5 state/);
  });

  it('refuses a prediction paired with another image and a bad alpha', () => {
    expect(() => new PckMetric().update({ ...prediction1, imageId: 9 }, image1)).toThrow(/prediction for image 9 was paired with ground truth of image 1/);
    expect(() => new PckMetric({ alpha: 0 })).toThrow('Expected positive number for alpha but received 0 of type number');
  });
});

describe('matchPeopleByOks', () => {
  it('gives each ground-truth person the best-scoring prediction that fits it best', () => {
    const gts = [gtPerson(1, { nose: [10, 10], left_ear: [20, 10] }), gtPerson(2, { nose: [150, 150], left_ear: [160, 150] })];
    const preds = [person({ nose: [151, 150], left_ear: [160, 151] }, 0.5), person({ nose: [11, 10], left_ear: [20, 11] }, 0.8)];
    expect(matchPeopleByOks(preds, gts)).toEqual([1, 0]);
    expect(matchPeopleByOks(preds.slice(0, 1), gts)).toEqual([-1, 0]);
    expect(matchPeopleByOks([], gts)).toEqual([-1, -1]);
  });
});
