import { describe, expect, it } from 'vitest';
import { ERROR_GAIN, errorImage } from '../../src/report/error-image.js';

describe('errorImage', () => {
  it('greys each pixel by its largest channel error × ERROR_GAIN, clamped to 255', () => {
    const pristine = { width: 3, height: 1, data: new Uint8Array([10, 20, 30, 0, 0, 0, 255, 255, 255]) };
    const compressed = { width: 3, height: 1, data: new Uint8Array([13, 19, 30, 0, 0, 0, 200, 255, 250]) };
    const e = errorImage(pristine, compressed);
    expect([e.width, e.height]).toEqual([3, 1]);
    expect(Array.from(e.data)).toEqual([3 * ERROR_GAIN, 3 * ERROR_GAIN, 3 * ERROR_GAIN, 0, 0, 0, 255, 255, 255]);
  });

  it('refuses images of different sizes', () => {
    expect(() => errorImage({ width: 1, height: 1, data: new Uint8Array(3) }, { width: 2, height: 1, data: new Uint8Array(6) })).toThrow(RangeError);
  });
});
