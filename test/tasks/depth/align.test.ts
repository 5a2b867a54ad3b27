import { describe, expect, it } from 'vitest';
import { alignDepth, median, scaleAndShift } from '../../../src/tasks/depth/align.js';
import { drawDepth, turbo } from '../../../src/tasks/depth/draw.js';
import type { DepthPrediction } from '../../../src/tasks/depth/prediction.js';

const options = { minDepthM: 1e-3, maxDepthM: Infinity, crop: 'none' as const };
const prediction = (data: number[], width: number, height: number, output: DepthPrediction['output'], alignment: DepthPrediction['alignment']): DepthPrediction =>
  ({ width, height, data: Float32Array.from(data), output, alignment });

describe('depth alignment', () => {
  it('solves scale and shift exactly and leaves a singular system at 0, 0 (MiDaS)', () => {
    const p = [1, 2, 3, 4];
    expect(scaleAndShift(p, [0, 1, 2, 3], (i) => 3 * p[i] - 1)).toEqual({ scale: 3, shift: -1 });
    expect(scaleAndShift([2, 2], [0, 1], () => 5)).toEqual({ scale: 0, shift: 0 });
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('fits inverse-relative output in inverse-depth space, ignoring pixels without ground truth', () => {
    const gt = { width: 4, height: 1, data: [2, 4, 0, 8] };
    // disparity = 4 / depth − 0.5 at the valid pixels; junk where there is no ground truth.
    const aligned = alignDepth(prediction([1.5, 0.5, 99, 0], 4, 1, 'inverse-relative', 'least-squares'), gt, options);
    expect(aligned.data[0]).toBeCloseTo(2, 6);
    expect(aligned.data[1]).toBeCloseTo(4, 6);
    expect(aligned.data[3]).toBeCloseTo(8, 6);
    // Negative aligned disparity is floored at 1 / (largest ground truth) before inverting.
    expect(alignDepth(prediction([1.5, 0.5, -5, 0], 4, 1, 'inverse-relative', 'least-squares'), gt, options).data[2]).toBeCloseTo(8, 6);
  });

  it('median-scales, and resizes a prediction of another size to the ground truth first', () => {
    const gt = { width: 4, height: 1, data: [2, 2, 2, 2] };
    const aligned = alignDepth(prediction([1, 1], 2, 1, 'metric', 'median'), gt, options);
    expect(Array.from(aligned.data)).toEqual([2, 2, 2, 2]);
    expect(Array.from(alignDepth(prediction([4, 4, 4, 4], 4, 1, 'inverse-relative', 'none'), gt, options).data)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('drawDepth', () => {
  it('maps near to red, far to blue and missing depth to black', () => {
    expect(turbo(0)).toEqual([35, 23, 27]); // the polynomial's constant terms × 255
    const [r0, , b0] = turbo(0.1);
    const [r1, , b1] = turbo(0.9);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    const drawn = drawDepth({ width: 3, height: 1, data: [1, 100, 0] });
    // Inverse depth stretched between the extremes: 1 m is the top of the map, 100 m the bottom.
    expect(Array.from(drawn.data)).toEqual([...turbo(1), ...turbo(0), 0, 0, 0]);
  });
});
