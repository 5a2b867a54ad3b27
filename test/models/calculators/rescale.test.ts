import { describe, expect, it } from 'vitest';
import { letterboxGeometry } from '../../../src/models/calculators/letterbox.js';
import { cxcywhToCorners, toOriginalBox } from '../../../src/models/calculators/rescale.js';

describe('toOriginalBox', () => {
  it('undoes the letterbox and returns COCO [x, y, w, h]', () => {
    const t = letterboxGeometry(600, 400, 640, 640); // scale 16/15, padTop 106
    // Input box centre (320, 320), 100 × 200 → corners 270, 220, 370, 420.
    const box = toOriginalBox(cxcywhToCorners(320, 320, 100, 200), t);
    expect(box.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([253.125, 106.875, 93.75, 187.5]);
  });

  it('clips to the original image', () => {
    const t = letterboxGeometry(600, 400, 640, 640);
    const box = toOriginalBox([-20, 90, 700, 600], t);
    expect(box).toEqual([0, 0, 600, 400]);
  });
});
