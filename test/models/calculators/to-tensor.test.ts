import { describe, expect, it } from 'vitest';
import { toTensor } from '../../../src/models/calculators/to-tensor.js';

describe('toTensor', () => {
  // Two pixels, RGB: (10, 20, 30), (40, 50, 60).
  const pixels = new Float32Array([10, 20, 30, 40, 50, 60]);
  const norm = { scale: 0.1, mean: [1, 2, 3] as const, std: [1, 2, 4] as const };

  it('normalises per RGB channel and lays out NCHW', () => {
    const t = toTensor(pixels, 2, 1, norm, 'nchw', 'rgb');
    expect(t.dims).toEqual([1, 3, 1, 2]);
    // R: (1 − 1)/1, (4 − 1)/1; G: (2 − 2)/2, (5 − 2)/2; B: (3 − 3)/4, (6 − 3)/4
    expect(Array.from(t.data as Float32Array)).toEqual([0, 3, 0, 1.5, 0, 0.75]);
  });

  it('swaps to BGR in NHWC, keeping each channel with its own mean and std', () => {
    const t = toTensor(pixels, 2, 1, norm, 'nhwc', 'bgr');
    expect(t.dims).toEqual([1, 1, 2, 3]);
    expect(Array.from(t.data as Float32Array)).toEqual([0, 0, 0, 0.75, 1.5, 3]);
  });
});

describe('toTensor without copies', () => {
  const identity = { scale: 1, mean: [0, 0, 0] as const, std: [1, 1, 1] as const };

  it('hands RGB NHWC pixels without normalisation over as they are', () => {
    const pixels = new Float32Array([10, 20, 30, 40, 50, 60]);
    const t = toTensor(pixels, 2, 1, identity, 'nhwc', 'rgb');
    expect(t.dims).toEqual([1, 1, 2, 3]);
    expect(t.data).toBe(pixels);
  });

  it('fills a reusable buffer of the right size, with the values of a fresh one', () => {
    const pixels = new Float32Array([10, 20, 30, 40, 50, 60]);
    const norm = { scale: 1 / 255, mean: [0, 0, 0] as const, std: [1, 1, 1] as const };
    const into = new Float32Array(6).fill(-1);
    const t = toTensor(pixels, 2, 1, norm, 'nchw', 'rgb', into);
    expect(t.data).toBe(into);
    expect(Array.from(into)).toEqual(Array.from(toTensor(pixels, 2, 1, norm, 'nchw', 'rgb').data as Float32Array));
    // A buffer of another size is not used.
    expect(toTensor(pixels, 2, 1, norm, 'nchw', 'rgb', new Float32Array(3)).data).not.toBe(into);
  });
});
