import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { RgbImage } from '../../../src/media/image.js';
import { expectAstronautPose, photo, xy } from './pose-helpers.js';
import { padSquare } from '../../../src/models/calculators/pad-square.js';
import { toOriginalPoint } from '../../../src/models/calculators/keypoint-rescale.js';
import { maxKeypointScore } from '../../../src/models/calculators/pose-settings.js';
import { loadModel } from '../../../src/models/load.js';
import type { Model } from '../../../src/models/model.js';
import { KP } from '../../../src/tasks/pose/keypoint-names.js';
import type { PosePerson } from '../../../src/tasks/pose/types.js';

describe('padSquare', () => {
  it('pads the short side with black, trunc(|W − H| / 2) each side, and maps input points back exactly', () => {
    const image: RgbImage = { width: 7, height: 4, data: new Uint8Array(7 * 4 * 3).fill(200) };
    const { pixels, transform } = padSquare(image, 14);
    // Padded 7 × 6 (1 row each side), stretched to 14 × 14: row 0 is padding, the middle is image.
    expect(pixels[0]).toBe(0);
    expect(pixels[(7 * 14 + 7) * 3]).toBe(200);
    expect(pixels).toBeInstanceOf(Int32Array);
    expect(transform).toEqual({ scaleX: 2, scaleY: 14 / 6, padLeft: 0, padTop: 14 / 6, width: 7, height: 4 });
    const [x, y] = toOriginalPoint(3 * 2, (2 + 1) * (14 / 6), transform);
    expect(x).toBeCloseTo(3, 12);
    expect(y).toBeCloseTo(2, 12);
  });
});

describe('maxKeypointScore', () => {
  it('is @vladmandic/human\'s body score: the best keypoint above 0.3, rounded to two decimals', () => {
    const kp = (...scores: number[]) => scores.flatMap((s) => [0, 0, s]);
    expect(maxKeypointScore(kp(0.25, 0.776, 0.31))).toBe(0.78);
    expect(maxKeypointScore(kp(0.3, 0.29, 0.1))).toBe(0); // at 0.3 is not above it
    expect(maxKeypointScore(kp(0.301))).toBe(0.3);
  });
});

describe.each([
  ['zoo:movenet-lightning', 192],
  ['zoo:movenet-thunder', 256],
  ['zoo:movenet-multipose', 256],
])('%s', (id, size) => {
  let model: Model;
  beforeAll(async () => { model = await loadModel(id, { task: 'pose' }); });
  afterAll(async () => { await model.dispose(); });

  it('is a pose model with its input size in the hashed settings', () => {
    expect(model.task).toBe('pose');
    expect(JSON.parse(model.provenance.adapter)).toMatchObject({ inputSize: size, scoreThreshold: 0.2, maxDetections: 20 });
  });

  it('finds the astronaut with her keypoints in original image coordinates', async () => {
    const people = (await model.predict(await photo('astronaut.png'))) as PosePerson[];
    expect(people).toHaveLength(1);
    expect(people[0].score).toBeGreaterThan(0.45);
    // human's score (single pose: 0.77 lightning, 0.85 thunder, where the mean above 0.2 was 0.549 / 0.618).
    if (id !== 'zoo:movenet-multipose') expect(people[0].score).toBe(maxKeypointScore(people[0].keypoints));
    expectAstronautPose(people[0]);
    if (id === 'zoo:movenet-multipose') {
      const [x, y, w, h] = people[0].bbox!;
      expect(x).toBeLessThan(110);
      expect(y).toBeLessThan(110);
      expect(x + w).toBeGreaterThan(300);
      expect(y + h).toBeGreaterThan(400);
    }
  });

  it('maps a non-square image back through the padding: a crop gives the same keypoints shifted', async () => {
    // The astronaut's left 400 columns: the face stays where it was in the full photo.
    const full = await photo('astronaut.png');
    const { data, info } = await sharp(full.data, { raw: { width: 512, height: 512, channels: 3 } })
      .extract({ left: 0, top: 0, width: 400, height: 512 }).raw().toBuffer({ resolveWithObject: true });
    const people = (await model.predict({ width: info.width, height: info.height, data: new Uint8Array(data) })) as PosePerson[];
    expect(people.length).toBeGreaterThanOrEqual(1);
    const nose = xy(people[0], KP.nose);
    expect(nose.x).toBeGreaterThan(190);
    expect(nose.x).toBeLessThan(260);
    expect(nose.y).toBeGreaterThan(80);
    expect(nose.y).toBeLessThan(160);
  });
});
