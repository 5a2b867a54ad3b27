import { describe, expect, it } from 'vitest';
import { rgbDifference } from '../../../src/video/flow/rgb-diff.js';
import { motionStack, toChannelsFirst } from '../../../src/video/flow/stack.js';
import { movingPatch } from '../../tasks/action/clip-fixtures.js';

describe('motionStack', () => {
  it('stacks L flows as u, v planes mapped from ±20 px to 0–255, then normalised', async () => {
    const frames = await movingPatch({ size: 64, frames: 4, dx: 2, dy: -1 });
    const stack = motionStack(frames, { kind: 'flow', width: 64, height: 64, scale: 1, mean: 0, std: 1 });
    expect([stack.length, stack.channels, stack.width, stack.height]).toEqual([3, 2, 64, 64]);
    const plane = 64 * 64;
    const centre = 32 * 64 + 32;
    for (let t = 0; t < 3; t++) {
      // u = 2 px → (2 + 20) · 255 / 40 = 140.25; v = −1 px → 121.125
      expect(stack.data[(t * 2) * plane + centre]).toBeCloseTo(140.25, 0);
      expect(stack.data[(t * 2 + 1) * plane + centre]).toBeCloseTo(121.125, 0);
    }
  });

  it('clips flow at the bound and scales vectors with a resize', async () => {
    const frames = await movingPatch({ size: 96, frames: 2, dx: 4, dy: 0 });
    const clipped = motionStack(frames, { kind: 'flow', width: 96, height: 96, boundPx: 2, scale: 1, mean: 0, std: 1 });
    expect(clipped.data[48 * 96 + 48]).toBeCloseTo(255, 3);
    // Half size: 4 px become 2 px, (2 + 20) · 255 / 40.
    const half = motionStack(frames, { kind: 'flow', width: 48, height: 48, scale: 1, mean: 0, std: 1 });
    expect(half.data[24 * 48 + 24]).toBeCloseTo(140.25, 0);
  });

  it('RGB differences are next − prev per channel, three planes per step', async () => {
    const frames = await movingPatch({ size: 16, frames: 3, dx: 1, dy: 0 });
    const diff = rgbDifference(frames[0], frames[1]);
    expect(diff[5]).toBe(frames[1].data[5] - frames[0].data[5]);
    const stack = motionStack(frames, { kind: 'rgbdiff', width: 16, height: 16, scale: 1, mean: 0, std: 1 });
    expect(stack.channels).toBe(3);
    // d ∈ −255…255 → (d + 255) / 2
    expect(stack.data[1 * 256 + 7]).toBeCloseTo((diff[7 * 3 + 1] + 255) / 2, 4);
  });

  it('reorders [L, C, H, W] to [C, L, H, W]', () => {
    const data = Float32Array.from({ length: 2 * 2 * 1 }, (_, i) => i); // L=2, C=2, 1×1
    expect([...toChannelsFirst({ length: 2, channels: 2, width: 1, height: 1, data })]).toEqual([0, 2, 1, 3]);
  });

  it('needs two frames', async () => {
    const frames = await movingPatch({ size: 16, frames: 1, dx: 0, dy: 0 });
    expect(() => motionStack(frames, { kind: 'flow', width: 16, height: 16 })).toThrow('Expected at least 2 frames for a motion stack but received 1');
  });
});
