import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../src/media/image.js';
import { depthView } from '../../src/tasks/depth/view.js';
import { detectionView } from '../../src/tasks/detection/view.js';
import { poseView } from '../../src/tasks/pose/view.js';
import { turbo } from '../../src/tasks/depth/draw.js';
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

  it('pose: keypoints that jumped more than 5 % of the shorter side, and those no longer shown (by hand)', async () => {
    const k = (points: [number, number, number][]) => points.flat();
    // 200 × 200: a jump is more than 10 px. Nose 2 px off, left eye 50 px off, right eye gone.
    const pristine = [{ categoryId: 1, score: 0.9, keypoints: k([[100, 100, 0.9], [110, 90, 0.9], [90, 90, 0.9]]) }];
    const level = [{ categoryId: 1, score: 0.8, keypoints: k([[102, 100, 0.9], [160, 90, 0.9], [90, 90, 0.05]]) }];
    const d = await poseView.difference!(grey(200, 200, 128), pristine, level);
    expect(d.legend).toBe('white: pristine keypoints; red lines: 1 jumped more than 10 px, green: moved less; red rings: 1 no longer shown');
    const [r, g, b] = pixel(d.image, 135, 90); // on the left eye's jump line
    expect(r).toBeGreaterThan(200);
    expect(g + b).toBeLessThan(150);
  });

  it('depth: the relative change against pristine, median-scaled, beside the image (by hand)', async () => {
    const depth = (values: number[]) => ({ width: 3, height: 1, data: Float32Array.from(values), output: 'metric' as const, alignment: 'none' as const });
    // Medians 2 and 2: scale 1; changes 0, 0 and |4 − 2| / 2 = 1 (≥ 0.25: one third of the pixels).
    const d = await depthView.difference!(grey(3, 1, 128), depth([2, 2, 2]), depth([2, 2, 4]));
    expect([d.image.width, d.image.height]).toEqual([6, 1]);
    expect(pixel(d.image, 0, 0)).toEqual([128, 128, 128]);
    expect(pixel(d.image, 3, 0)).toEqual(turbo(0));
    expect(pixel(d.image, 5, 0)).toEqual(turbo(1));
    expect(d.legend).toMatch(/; 33\.3 % of valid pixels changed by ≥ 25 %$/);
  });
});
