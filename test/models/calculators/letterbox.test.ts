import { describe, expect, it } from 'vitest';
import { letterbox, letterboxGeometry, stretch } from '../../../src/models/calculators/letterbox.js';

describe('letterbox', () => {
  it('follows Ultralytics geometry for a landscape image', () => {
    // 600×400 → 640: scale 16/15, resized 640×427, top pad round(106.5 − 0.1) = 106.
    expect(letterboxGeometry(600, 400, 640, 640)).toEqual({ scaleX: 640 / 600, scaleY: 640 / 600, padLeft: 0, padTop: 106, width: 600, height: 400 });
    // Portrait 300×500 → 320×320: scale 0.64, resized 192×320, left pad round(64 − 0.1) = 64.
    expect(letterboxGeometry(300, 500, 320, 320)).toMatchObject({ scaleX: 0.64, padLeft: 64, padTop: 0 });
  });

  it('fills the padding with the pad value and places the image at the offset', () => {
    const image = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3).fill(200) };
    const { pixels, transform } = letterbox(image, 8, 8, 114);
    // scale 2 → 8×4 image, padTop round(2 − 0.1) = 2.
    expect(transform.padTop).toBe(2);
    const at = (x: number, y: number) => pixels[(y * 8 + x) * 3];
    expect([at(0, 0), at(7, 1), at(0, 2), at(7, 5), at(3, 6), at(3, 7)]).toEqual([114, 114, 200, 200, 114, 114]);
  });

  it('stretch scales each axis on its own', () => {
    const image = { width: 4, height: 2, data: new Uint8Array(24) };
    expect(stretch(image, 8, 8, false).transform).toEqual({ scaleX: 2, scaleY: 4, padLeft: 0, padTop: 0, width: 4, height: 2 });
  });
});
