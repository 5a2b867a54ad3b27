import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/models/load.js';
import type { Detection } from '../../../src/tasks/detection/types.js';
import { constantGraph, writeGraph } from '../onnx-builder.js';

const C = 80;
/** A 600×400 image letterboxes into 640×640 at scale 16/15 with 106 rows of padding on top. */
const image = { width: 600, height: 400, data: new Uint8Array(600 * 400 * 3).fill(90) };

/** Box centre (320, 320), 100 × 200 input pixels → original [253.125, 106.875, 93.75, 187.5]. */
const EXPECTED_BOX = [253.125, 106.875, 93.75, 187.5];
const round = (d: Detection) => ({ ...d, score: Math.round(d.score * 1e6) / 1e6, bbox: d.bbox.map((v) => Math.round(v * 1e4) / 1e4) });

/** Three anchors: person 0.9; a shifted person 0.8 (IoU 0.82 with the first); a cup 0.5 on the first box. */
const anchors = [
  { box: [320, 320, 100, 200], cls: 0, score: 0.9 },
  { box: [330, 320, 100, 200], cls: 0, score: 0.8 },
  { box: [320, 320, 100, 200], cls: 41, score: 0.5 },
];

function yolov8Graph(): string {
  const values = new Array((4 + C) * anchors.length).fill(0);
  anchors.forEach((a, i) => {
    a.box.forEach((v, k) => { values[k * anchors.length + i] = v; });
    values[(4 + a.cls) * anchors.length + i] = a.score;
  });
  return writeGraph('yolov8.onnx', constantGraph({ name: 'images', dims: [1, 3, 640, 640] }, [{ name: 'output0', dims: [1, 4 + C, anchors.length], values }]));
}

function yolov5Graph(): string {
  const width = 5 + C;
  const values = new Array(width * (anchors.length + 1)).fill(0);
  anchors.forEach((a, i) => {
    a.box.forEach((v, k) => { values[i * width + k] = v; });
    values[i * width + 4] = 0.5; // objectness
    values[i * width + 5 + a.cls] = a.score * 2 > 1 ? 1 : a.score * 2; // 0.5 × class = the score above (0.9 → capped 1 → 0.5)
  });
  // A fourth anchor whose objectness (0.0005) is below the threshold though its class score is 1.
  values[anchors.length * width + 4] = 0.0005;
  values[anchors.length * width + 5 + 2] = 1;
  return writeGraph('yolov5.onnx', constantGraph({ name: 'images', dims: [1, 3, 640, 640] }, [{ name: 'output0', dims: [1, anchors.length + 1, width], values }]));
}

describe('YOLOv8 adapter', () => {
  it('decodes [1, 4 + C, N], maps back through the letterbox, and runs class-aware NMS', async () => {
    const model = await loadModel(yolov8Graph(), { config: { format: 'yolov8' }, intraOpNumThreads: 1 });
    const detections = (await model.predict(image)) as Detection[];
    expect(detections.map(round)).toEqual([
      { categoryId: 1, score: 0.9, bbox: EXPECTED_BOX },
      // Same box, other class: class-aware NMS keeps it; COCO index 41 is category 47 (cup).
      { categoryId: 47, score: 0.5, bbox: EXPECTED_BOX },
    ]);
    expect(model.provenance).toMatchObject({ runtime: 'onnxruntime', backend: 'cpu', threads: '1' });
    await model.dispose();
  });

  it('keeps the overlapping box when NMS is loosened and drops the cup class-agnostically', async () => {
    const file = yolov8Graph();
    const loose = await loadModel(file, { config: { format: 'yolov8', iouThreshold: 0.9 } });
    expect(((await loose.predict(image)) as Detection[]).map((d) => d.categoryId)).toEqual([1, 1, 47]);
    const agnostic = await loadModel(file, { config: { format: 'yolov8', classAgnostic: true } });
    expect(((await agnostic.predict(image)) as Detection[]).map((d) => d.categoryId)).toEqual([1]);
    expect(loose.hash).not.toBe(agnostic.hash);
    await Promise.all([loose.dispose(), agnostic.dispose()]);
  });

  it('fails at load when the output is [1, N, 4 + C], naming the file, output and shapes', async () => {
    const file = writeGraph('transposed.onnx', constantGraph({ name: 'images', dims: [1, 3, 640, 640] }, [{ name: 'output0', dims: [1, 3, 84], values: new Array(3 * 84).fill(0) }]));
    await expect(loadModel(file, { config: { format: 'yolov8' } })).rejects.toThrow(
      `${file}: output "output0": expected shape [1, 84, ?] but found [1, 3, 84] (this looks like [1, N, 4 + C]; yolov8 expects [1, 4 + C, N])`,
    );
  });

  it('refuses an inputSize that contradicts the model input', async () => {
    await expect(loadModel(yolov8Graph(), { config: { format: 'yolov8', inputSize: 320 } })).rejects.toThrow(
      'input "images" has shape [1, 3, 640, 640] but inputSize is 320×320',
    );
  });
});

describe('YOLOv5 adapter', () => {
  it('multiplies objectness by class score and skips low-objectness anchors', async () => {
    const model = await loadModel(yolov5Graph(), { config: { format: 'yolov5' } });
    const detections = ((await model.predict(image)) as Detection[]).map(round);
    // Scores 0.5 × min(2s, 1): 0.5, 0.5 (shifted person, suppressed at IoU 0.82 > 0.6), 0.5 (cup).
    expect(detections).toEqual([
      { categoryId: 1, score: 0.5, bbox: EXPECTED_BOX },
      { categoryId: 47, score: 0.5, bbox: EXPECTED_BOX },
    ]);
    await model.dispose();
  });

  it('fails at load when the class count does not match the class map', async () => {
    const file = yolov5Graph();
    await expect(loadModel(file, { config: { format: 'yolov5', classMap: [1, 2, 3] } })).rejects.toThrow(
      `${file}: output "output0": expected shape [1, ?, 8] but found [1, 4, 85] (3 classes from the class map)`,
    );
  });
});
