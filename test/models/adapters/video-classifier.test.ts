import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadActionModel } from '../../../src/models/adapters/video-classifier-load.js';
import { softmax } from '../../../src/tasks/action/clips.js';
import { movingPatch } from '../../tasks/action/clip-fixtures.js';
import { writeGraph } from '../onnx-builder.js';
import { linearMeanGraph } from './video-graphs.js';

/** Class 0 "red", class 1 "blue": logits ±(mean R − mean B) on 0–1 pixels. */
const RED_BLUE = [[1, -1], [0, 0], [-1, 1]];
const RAW = { scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };

function channelMeans(frames: { data: Uint8Array }[]): number[] {
  const sums = [0, 0, 0];
  let n = 0;
  for (const f of frames) for (let i = 0; i < f.data.length; i += 3, n++) for (let c = 0; c < 3; c++) sums[c] += f.data[i + c] / 255;
  return sums.map((s) => s / n);
}

describe('VideoClassifier', () => {
  it('reads [1, 3, T, H, W]: T from the graph, scores are the softmax of the output', async () => {
    const file = writeGraph('i3d.onnx', linearMeanGraph([1, 3, 4, 32, 32], [2, 3, 4], RED_BLUE));
    const config = join(dirname(file), 'i3d.json');
    writeFileSync(config, JSON.stringify({ model: 'i3d.onnx', ...RAW, classes: ['red', 'blue'] }));
    const model = await loadActionModel(config, { intraOpNumThreads: 1 });
    try {
      expect(model.framesPerClip).toBe(4);
      expect(model.streams).toEqual(['rgb']);
      expect(model.classes).toEqual(['red', 'blue']);
      const clip = await movingPatch({ size: 32, frames: 4, dx: 1, dy: 0, tint: [1.4, 1, 0.5] });
      const [r, , b] = channelMeans(clip);
      const { rgb } = await model.scoreClip(clip);
      expect(rgb[0]).toBeCloseTo(softmax([r - b, b - r])[0], 5);
      expect(rgb[0]).toBeGreaterThan(0.5);
      await expect(model.scoreClip(clip.slice(0, 3))).rejects.toThrow('Expected 4 frames per clip but received 3');
    } finally {
      await model.dispose();
    }
  });

  it('reads [1, T, H, W, 3] and resizes frames to the input', async () => {
    const file = writeGraph('movinet.onnx', linearMeanGraph([1, 2, 16, 16, 3], [1, 2, 3], RED_BLUE));
    const configFile = join(dirname(file), 'cfg.json');
    writeFileSync(configFile, JSON.stringify(RAW));
    const model = await loadActionModel(file, { modelConfig: configFile, intraOpNumThreads: 1 });
    try {
      const blue = await movingPatch({ size: 48, frames: 2, dx: 0, dy: 0, tint: [0.5, 1, 1.4] });
      const { rgb } = await model.scoreClip(blue);
      expect(rgb[1]).toBeGreaterThan(0.5);
    } finally {
      await model.dispose();
    }
  });

  it('scores a per-frame network frame by frame and averages the softmax', async () => {
    const file = writeGraph('tsn.onnx', linearMeanGraph([1, 3, 32, 32], [2, 3], RED_BLUE));
    const configFile = join(dirname(file), 'cfg.json');
    writeFileSync(configFile, JSON.stringify({ ...RAW, framesPerClip: 2 }));
    const model = await loadActionModel(file, { modelConfig: configFile, intraOpNumThreads: 1 });
    try {
      const red = await movingPatch({ size: 32, frames: 1, dx: 0, dy: 0, tint: [1.4, 1, 0.5] });
      const blue = await movingPatch({ size: 32, frames: 1, dx: 0, dy: 0, tint: [0.5, 1, 1.4] });
      const one = (f: { data: Uint8Array }[]) => {
        const [r, , b] = channelMeans(f);
        return softmax([r - b, b - r]);
      };
      const { rgb } = await model.scoreClip([red[0], blue[0]]);
      expect(rgb[0]).toBeCloseTo((one(red)[0] + one(blue)[0]) / 2, 5);
    } finally {
      await model.dispose();
    }
  });

  it('refuses a layout that does not match the graph, and a bad config field', async () => {
    const file = writeGraph('bad.onnx', linearMeanGraph([1, 3, 32, 32], [2, 3], RED_BLUE));
    const configFile = join(dirname(file), 'cfg.json');
    writeFileSync(configFile, JSON.stringify({ layout: 'ncthw' }));
    await expect(loadActionModel(file, { modelConfig: configFile })).rejects.toThrow('expected a 5-D input for layout ncthw but "clip" is [1, 3, 32, 32]');
    writeFileSync(configFile, JSON.stringify({ layout: 'nhwc' }));
    await expect(loadActionModel(file, { modelConfig: configFile })).rejects.toThrow(/layout/);
    await expect(loadActionModel('model.pt')).rejects.toThrow('Expected an action model as a .onnx file or a .json config but received "model.pt"');
  });
});
