import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/models/load.js';
import type { Model } from '../../../src/models/model.js';
import { decodeMultiplePoses, type FeatureMap } from '../../../src/models/zoo/posenet-decode.js';
import type { PosePerson } from '../../../src/tasks/pose/types.js';
import { expectAstronautPose, photo } from './pose-helpers.js';

const map = (h: number, w: number, c: number, fill = 0): FeatureMap => ({ height: h, width: w, channels: c, data: new Float32Array(h * w * c).fill(fill) });
const set = (m: FeatureMap, y: number, x: number, c: number, v: number) => { (m.data as Float32Array)[(y * m.width + x) * m.channels + c] = v; };

describe('decodeMultiplePoses', () => {
  it('starts at the strongest part, refines it with its offset and walks the tree with the displacements', () => {
    const [H, W, K, E] = [5, 5, 17, 16];
    const scores = map(H, W, K, 0.01);
    const offsets = map(H, W, 2 * K);
    const fwd = map(H, W, 2 * E);
    const bwd = map(H, W, 2 * E);
    // Nose peak at cell (y 2, x 1), offset (+3, −2) px: nose at (1·16 − 2, 2·16 + 3) = (14, 35).
    set(scores, 2, 1, 0, 0.9);
    set(offsets, 2, 1, 0, 3);
    set(offsets, 2, 1, K + 0, -2);
    // Edge 0 nose → left eye: displacement (+16 x) lands on cell (2, 2); its left-eye offset is (−1, +1).
    set(fwd, 2, 1, E + 0, 16);
    set(offsets, 2, 2, 1, -1);
    set(offsets, 2, 2, K + 1, 1);
    set(scores, 2, 2, 1, 0.7);
    const poses = decodeMultiplePoses(scores, offsets, fwd, bwd, { outputStride: 16, minScore: 0.05, maxPeople: 5, nmsRadius: 20, localMaximumRadius: 1, offsetRefineSteps: 2 });
    expect(poses).toHaveLength(1);
    expect(poses[0].keypoints[0]).toEqual({ x: 14, y: 35, score: Math.fround(0.9) });
    expect(poses[0].keypoints[1]).toEqual({ x: 33, y: 31, score: Math.fround(0.7) });
    // Score: every part's score averaged over 17 parts (none claimed by an earlier person).
    const expected = (Math.fround(0.9) + Math.fround(0.7) + 15 * Math.fround(0.01)) / 17;
    expect(poses[0].score).toBeCloseTo(expected, 6);
  });

  it('decodes nothing when no part reaches the minimum score', () => {
    const poses = decodeMultiplePoses(map(3, 3, 17, 0.1), map(3, 3, 34), map(3, 3, 32), map(3, 3, 32), { outputStride: 16, minScore: 0.3, maxPeople: 5, nmsRadius: 20, localMaximumRadius: 1, offsetRefineSteps: 2 });
    expect(poses).toEqual([]);
  });
});

describe('zoo:posenet', () => {
  let model: Model;
  beforeAll(async () => { model = await loadModel('zoo:posenet', { task: 'pose' }); });
  afterAll(async () => { await model.dispose(); });

  it('finds the astronaut with her keypoints in original image coordinates', async () => {
    const people = (await model.predict(await photo('astronaut.png'))) as PosePerson[];
    expect(people).toHaveLength(1);
    expect(people[0].score).toBeGreaterThan(0.3);
    expectAstronautPose(people[0]);
  });

  it('finds no person in the cat photo', async () => {
    expect(await model.predict(await photo('chelsea.png'))).toEqual([]);
  });
});
