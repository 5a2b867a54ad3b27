import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/models/load.js';
import type { Detection } from '../../../src/tasks/detection/types.js';
import { constantGraph, writeGraph, type ConstantOutput } from '../onnx-builder.js';

const image = { width: 200, height: 100, data: new Uint8Array(200 * 100 * 3).fill(40) };

const outputs = (n = 3): ConstantOutput[] => [
  { name: 'boxes', dims: [n, 4], values: [10, 20, 60, 80, 0, 0, 400, 400, 5, 5, 15, 15].slice(0, n * 4) },
  { name: 'labels', dims: [n], values: [18, 1, 47].slice(0, n), type: 'int64' },
  { name: 'scores', dims: [n], values: [0.4, 0.9, 0.03].slice(0, n) },
];

describe('torchvision adapter', () => {
  it('reads boxes/labels/scores of a [3, H, W] graph at the image’s own size', async () => {
    const file = writeGraph('frcnn.onnx', constantGraph({ name: 'images', dims: [3, 'height', 'width'] }, outputs()));
    const model = await loadModel(file, { config: { format: 'torchvision' } });
    const detections = (await model.predict(image)) as Detection[];
    expect(detections.map((d) => ({ ...d, score: Math.round(d.score * 1e6) / 1e6 }))).toEqual([
      { categoryId: 1, score: 0.9, bbox: [0, 0, 200, 100] }, // clipped to the image
      { categoryId: 18, score: 0.4, bbox: [10, 20, 50, 60] },
      { categoryId: 47, score: 0.03, bbox: [5, 5, 10, 10] },
    ]);
    await model.dispose();
  });

  it('maps boxes of a fixed-size export back to the original image, with a score threshold', async () => {
    const file = writeGraph('frcnn-fixed.onnx', constantGraph({ name: 'images', dims: [1, 3, 400, 400] }, outputs()));
    const model = await loadModel(file, { config: { format: 'torchvision' }, scoreThreshold: 0.05 });
    const detections = (await model.predict(image)) as Detection[];
    // Stretched 200×100 → 400×400: x / 2, y / 4.
    expect(detections.map((d) => d.bbox)).toEqual([[0, 0, 200, 100], [5, 5, 25, 15]]);
    await model.dispose();
  });

  it('fails at load when an output is missing or labels do not match boxes', async () => {
    const noScores = writeGraph('two.onnx', constantGraph({ name: 'images', dims: [3, 'h', 'w'] }, outputs().slice(0, 2)));
    await expect(loadModel(noScores, { config: { format: 'torchvision' } })).rejects.toThrow(/no output can hold the scores \(float \[N\]\)\. The model's outputs: boxes float32 \[3, 4\]; labels int64 \[3\]/);
    const bad = outputs();
    bad[1] = { name: 'labels', dims: [2], values: [1, 2], type: 'int64' };
    const file = writeGraph('bad.onnx', constantGraph({ name: 'images', dims: [3, 'h', 'w'] }, bad));
    await expect(loadModel(file, { config: { format: 'torchvision' } })).rejects.toThrow(
      `${file}: output "labels": expected shape [3] but found [2] (one label per box)`,
    );
  });
});
