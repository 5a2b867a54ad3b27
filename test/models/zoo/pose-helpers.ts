import sharp from 'sharp';
import { expect } from 'vitest';
import type { RgbImage } from '../../../src/media/image.js';
import { KP } from '../../../src/tasks/pose/keypoint-names.js';
import type { PosePerson } from '../../../src/tasks/pose/types.js';

export async function photo(name: string): Promise<RgbImage> {
  const { data, info } = await sharp(`demo/photos/${name}`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

export const xy = (p: PosePerson, k: number) => ({ x: p.keypoints[3 * k], y: p.keypoints[3 * k + 1], score: p.keypoints[3 * k + 2] });

/** The astronaut faces the camera: her face is around (225, 115), her shoulders below it. */
export function expectAstronautPose(p: PosePerson): void {
  expect(p.keypoints).toHaveLength(51);
  expect(p.categoryId).toBe(1);
  const nose = xy(p, KP.nose);
  const leftEye = xy(p, KP.left_eye);
  const rightEye = xy(p, KP.right_eye);
  expect(nose.x).toBeGreaterThan(190);
  expect(nose.x).toBeLessThan(260);
  expect(nose.y).toBeGreaterThan(80);
  expect(nose.y).toBeLessThan(160);
  for (const eye of [leftEye, rightEye]) {
    expect(Math.hypot(eye.x - nose.x, eye.y - nose.y)).toBeLessThan(60);
    expect(eye.y).toBeLessThan(nose.y);
    expect(eye.score).toBeGreaterThan(0.3);
  }
  // Facing the camera: her left eye is on the image's right.
  expect(leftEye.x).toBeGreaterThan(rightEye.x);
  for (const k of [KP.left_shoulder, KP.right_shoulder]) expect(xy(p, k).y).toBeGreaterThan(Math.max(leftEye.y, rightEye.y) + 80);
  expect(xy(p, KP.left_shoulder).x).toBeGreaterThan(xy(p, KP.right_shoulder).x);
}

