import { describe, expect, it } from 'vitest';
import { fuseScores, meanScores, rankClasses, sampleClips, softmax } from '../../../src/tasks/action/clips.js';

describe('sampleClips', () => {
  it('spreads clip starts evenly from the first to the last possible start', () => {
    expect(sampleClips(20, { clips: 3, framesPerClip: 4 })).toEqual([
      [0, 1, 2, 3],
      [8, 9, 10, 11],
      [16, 17, 18, 19],
    ]);
  });
  it('centres a single clip and honours the frame stride', () => {
    expect(sampleClips(10, { clips: 1, framesPerClip: 3, frameStride: 2 })).toEqual([[2, 4, 6]]);
  });
  it('repeats the last frame of a video shorter than a clip', () => {
    expect(sampleClips(3, { clips: 2, framesPerClip: 5 })).toEqual([
      [0, 1, 2, 2, 2],
      [0, 1, 2, 2, 2],
    ]);
  });
  it('refuses zero clips', () => {
    expect(() => sampleClips(10, { clips: 0, framesPerClip: 2 })).toThrow('Expected integer of at least 1 for clips but received 0 of type number');
  });
});

describe('scores', () => {
  it('softmax, mean over clips, weighted late fusion and ranking', () => {
    const s = softmax([0, Math.log(3)]);
    expect(s[0]).toBeCloseTo(0.25, 12);
    expect(meanScores([[1, 0], [0, 1], [0.5, 0.5]])).toEqual([0.5, 0.5]);
    expect(fuseScores([[1, 0], [0, 1]], [1, 3])).toEqual([0.25, 0.75]);
    expect(rankClasses([0.1, 0.5, 0.5, 0.2])).toEqual([1, 2, 3, 0]);
  });
});
