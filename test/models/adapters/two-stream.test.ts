import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadActionModel } from '../../../src/models/adapters/video-classifier-load.js';
import { movingPatch } from '../../tasks/action/clip-fixtures.js';
import { writeGraph } from '../onnx-builder.js';
import { linearMeanGraph } from './video-graphs.js';

/** Spatial: class 0 red, class 1 blue. Temporal over L flow steps: class 0 "right" (Σu − Σv), class 1 "down". */
function writeTwoStream(L: number, extra: Record<string, unknown> = {}): string {
  const spatial = writeGraph('spatial.onnx', linearMeanGraph([1, 3, 32, 32], [2, 3], [[1, -1], [0, 0], [-1, 1]]));
  const dir = dirname(spatial);
  const temporalWeights = Array.from({ length: 2 * L }, (_, c) => (c % 2 === 0 ? [10, -10] : [-10, 10]));
  writeFileSync(join(dir, 'temporal.onnx'), linearMeanGraph([1, 2 * L, 32, 32], [2, 3], temporalWeights));
  const config = join(dir, 'two-stream.json');
  writeFileSync(
    config,
    JSON.stringify({
      spatial: { model: 'spatial.onnx', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] },
      temporal: { model: 'temporal.onnx' },
      classes: ['right', 'down'],
      ...extra,
    }),
  );
  return config;
}

describe('TwoStreamModel', () => {
  it('scores colour with the spatial stream and motion (flow from the frames) with the temporal one', async () => {
    const model = await loadActionModel(writeTwoStream(3), { intraOpNumThreads: 1 });
    try {
      expect(model.streams).toEqual(['spatial', 'temporal', 'fusion']);
      expect(model.framesPerClip).toBe(4); // L + 1
      // Moving right but tinted blue: the streams disagree.
      const clip = await movingPatch({ size: 32, frames: 4, dx: 2, dy: 0, tint: [0.5, 1, 1.4] });
      const s = await model.scoreClip(clip);
      expect(s.spatial[1]).toBeGreaterThan(0.5);
      expect(s.temporal[0]).toBeGreaterThan(0.5);
      expect(s.fusion[0]).toBeCloseTo((s.spatial[0] + s.temporal[0]) / 2, 12);
      const down = await movingPatch({ size: 32, frames: 4, dx: 0, dy: 2 });
      expect((await model.scoreClip(down)).temporal[1]).toBeGreaterThan(0.5);
    } finally {
      await model.dispose();
    }
  });

  it('fuses with the configured weights and offers RGB differences', async () => {
    const model = await loadActionModel(writeTwoStream(3, { fusionWeights: [1, 3] }), { intraOpNumThreads: 1 });
    try {
      const clip = await movingPatch({ size: 32, frames: 4, dx: 2, dy: 0 });
      const s = await model.scoreClip(clip);
      expect(s.fusion[1]).toBeCloseTo((s.spatial[1] + 3 * s.temporal[1]) / 4, 12);
    } finally {
      await model.dispose();
    }
    // RGB difference needs 3 channels per step: a 2·L-channel graph does not divide.
    await expect(loadActionModel(writeTwoStream(4, { temporal: { model: 'temporal.onnx', motion: 'rgbdiff' } }), { intraOpNumThreads: 1 })).rejects.toThrow(
      'expected 3·L input channels for rgbdiff but "clip" is [1, 8, 32, 32]',
    );
  });

  it('names the missing field of a config', async () => {
    await expect(loadActionModel(writeTwoStream(2, { temporal: {} }))).rejects.toThrow(/temporal\.model/);
  });
});
