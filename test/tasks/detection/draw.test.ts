import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../src/media/image.js';
import { drawDetections } from '../../../src/tasks/detection/draw.js';

const grey = (w: number, h: number): RgbImage => ({ width: w, height: h, data: new Uint8Array(w * h * 3).fill(128) });
const pixel = (im: RgbImage, x: number, y: number) => [...im.data.subarray((y * im.width + x) * 3, (y * im.width + x) * 3 + 3)];
const changed = (a: RgbImage, b: RgbImage, x0: number, y0: number, x1: number, y1: number): number => {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (pixel(a, x, y).join() !== pixel(b, x, y).join()) n++;
  return n;
};

describe('drawDetections', () => {
  it('draws each box outline and its label, leaving the inside and the rest of the image alone', async () => {
    const image = grey(320, 240);
    const drawn = await drawDetections(image, [{ categoryId: 1, bbox: [100, 80, 120, 100], score: 0.87 }]);
    // The box's left edge is drawn, mid-height; its centre and a far corner are not.
    expect(pixel(drawn, 100, 130)).not.toEqual([128, 128, 128]);
    expect(pixel(drawn, 160, 130)).toEqual([128, 128, 128]);
    expect(pixel(drawn, 300, 230)).toEqual([128, 128, 128]);
    // The label ("person 0.87") sits above the box: its strip is filled.
    expect(changed(image, drawn, 100, 60, 200, 80)).toBeGreaterThan(500);
    expect(changed(image, drawn, 0, 0, 90, 240)).toBe(0);
  });

  it('skips detections under the threshold and escapes label text', async () => {
    const image = grey(100, 100);
    const below = await drawDetections(image, [{ categoryId: 1, bbox: [10, 10, 50, 50], score: 0.1 }], { scoreThreshold: 0.5 });
    expect(below.data).toEqual(image.data);
    const names = new Map([[3, '<b>&"car"']]);
    const drawn = await drawDetections(image, [{ categoryId: 3, bbox: [10, 30, 50, 50], score: 0.9 }], { categories: names });
    expect(changed(image, drawn, 10, 30, 61, 81)).toBeGreaterThan(0);
  });
});
