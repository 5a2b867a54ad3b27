import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { encodePng } from '../../../src/media/encode-png.js';
import type { RgbImage } from '../../../src/media/image.js';
import { drawPose } from '../../../src/tasks/pose/draw.js';
import type { PosePerson } from '../../../src/tasks/pose/types.js';

const grey = (w: number, h: number): RgbImage => ({ width: w, height: h, data: new Uint8Array(w * h * 3).fill(128) });
const pixel = (im: RgbImage, x: number, y: number) => [...im.data.subarray((y * im.width + x) * 3, (y * im.width + x) * 3 + 3)];

describe('drawPose', () => {
  // Left shoulder (5) at (150, 60), left elbow (7) at (150, 140): a vertical limb; the rest under threshold.
  const keypoints = new Array<number>(51).fill(0);
  keypoints.splice(15, 3, 150, 60, 0.9);
  keypoints.splice(21, 3, 150, 140, 0.8);
  keypoints.splice(0, 3, 40, 40, 0.1);
  const person: PosePerson = { categoryId: 1, score: 0.9, keypoints };

  it('draws keypoints and limbs where they are, in the side colour, and nothing elsewhere', async () => {
    const image = grey(200, 160);
    const drawn = await drawPose(image, [person]);
    expect(drawn.width).toBe(200);
    expect(drawn.height).toBe(160);
    // On the limb between the two keypoints: the person's left side is orange (#ff8c00).
    expect(pixel(drawn, 150, 100)).toEqual([255, 140, 0]);
    // The shoulder dot.
    expect(pixel(drawn, 150, 60)).toEqual([255, 140, 0]);
    // The nose scored 0.1: not drawn; far corners untouched.
    expect(pixel(drawn, 40, 40)).toEqual([128, 128, 128]);
    expect(pixel(drawn, 5, 150)).toEqual([128, 128, 128]);
    expect(pixel(drawn, 100, 100)).toEqual([128, 128, 128]);
    // The input is not modified.
    expect(pixel(image, 150, 100)).toEqual([128, 128, 128]);
  });

  it('encodes the drawing as a PNG that decodes to the same pixels', async () => {
    const drawn = await drawPose(grey(64, 48), [{ ...person, keypoints: person.keypoints.map((v, i) => (i % 3 === 2 ? v : v / 4)) }]);
    const png = await encodePng(drawn);
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(new Uint8Array(data)).toEqual(drawn.data);
  });
});
