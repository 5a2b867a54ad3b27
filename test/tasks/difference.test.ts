import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../src/media/image.js';
import { detectionView } from '../../src/tasks/detection/view.js';
import { classColour } from '../../src/tasks/segmentation/draw.js';
import { segmentationView } from '../../src/tasks/segmentation/view.js';

const grey = (width: number, height: number, v: number): RgbImage => ({ width, height, data: new Uint8Array(3 * width * height).fill(v) });
const pixel = (image: RgbImage, x: number, y: number) => [...image.data.subarray(3 * (y * image.width + x), 3 * (y * image.width + x) + 3)];

describe('task views draw what the model lost between pristine and a level', () => {
  it('segmentation: flipped pixels in the class they became, white where they became background, the rest darkened (by hand)', async () => {
    const image = grey(2, 2, 200);
    const d = await segmentationView.difference!(image, { width: 2, height: 2, data: [0, 1, 1, 2] }, { width: 2, height: 2, data: [0, 2, 0, 2] });
    expect(pixel(d.image, 0, 0)).toEqual([70, 70, 70]); // unchanged: 200 × 0.35
    expect(pixel(d.image, 1, 0)).toEqual(classColour(2)); // 1 → 2
    expect(pixel(d.image, 0, 1)).toEqual([255, 255, 255]); // 1 → background
    expect(pixel(d.image, 1, 1)).toEqual([70, 70, 70]);
    expect(d.legend).toMatch(/^2 pixels \(50\.00 %\) changed class/);
  });

  it('detection: counts lost or moved, new and kept boxes the way damage does, and draws them (by hand)', async () => {
    const image = grey(200, 200, 128);
    const pristine = [
      { categoryId: 1, bbox: [10, 10, 50, 50] as [number, number, number, number], score: 0.9 },
      { categoryId: 3, bbox: [100, 100, 60, 60] as [number, number, number, number], score: 0.8 },
    ];
    // The person kept (IoU 0.81), the car moved away (IoU 0) and one new dog.
    const level = [
      { categoryId: 1, bbox: [12, 12, 50, 50] as [number, number, number, number], score: 0.85 },
      { categoryId: 3, bbox: [20, 120, 60, 60] as [number, number, number, number], score: 0.7 },
      { categoryId: 18, bbox: [150, 10, 30, 30] as [number, number, number, number], score: 0.6 },
    ];
    const d = await detectionView.difference!(image, pristine, level, { scoreThreshold: 0.5 });
    expect(d.legend).toBe('red dashed: 1 pristine box lost or moved (IoU < 0.5); orange: 2 new; green: 1 kept');
    // The lost car's box edge is red, the new dog's orange; the image elsewhere untouched.
    const [r, g, b] = pixel(d.image, 130, 100);
    expect(r).toBeGreaterThan(200);
    expect(g + b).toBeLessThan(150);
    const [r2, g2] = pixel(d.image, 165, 40);
    expect(r2).toBeGreaterThan(200);
    expect(g2).toBeGreaterThan(100);
    expect(pixel(d.image, 90, 190)).toEqual([128, 128, 128]);
  });
});
