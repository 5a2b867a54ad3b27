import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../src/datasets/open.js';
import { writeTexturedObjects } from '../../src/datasets/synthetic/textured-objects.js';
import { decodeCenterNet } from '../../src/models/calculators/centernet-decode.js';
import { buildReferenceCenterNet } from '../../src/retrain/architectures/centernet.js';
import { buildReferenceSegmenter } from '../../src/retrain/architectures/segnet.js';
import { trainingLevels } from '../../src/retrain/augment.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { gaussianRadius } from '../../src/retrain/centernet/gaussian.js';
import { centerNetLoss } from '../../src/retrain/centernet/loss.js';
import { detectorShape } from '../../src/models/layers/shape.js';
import { encodeCenterNet } from '../../src/retrain/centernet/targets.js';
import { loadDetectionSet, type DetectionSet } from '../../src/retrain/detection-data.js';
import { saveLayersModel } from '../../src/models/layers/io.js';
import { loadModel } from '../../src/retrain/sweep-models.js';
import { cocoAP, detectionRetrainTask } from '../../src/retrain/tasks/detection.js';
import { trainModel } from '../../src/retrain/train.js';

let dir: string;
let train: DetectionSet;

beforeAll(async () => {
  await initTrainingBackend();
  dir = await mkdtemp(path.join(tmpdir(), 'lv-centernet-'));
  await writeTexturedObjects({ out: path.join(dir, 'train'), count: 32, seed: 31 });
  const spec = path.join(dir, 'train');
  train = await loadDetectionSet(await openDataset(spec, { task: 'detection' }), spec);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CenterNet targets and decoding', () => {
  it('computes CenterNet\'s Gaussian radius', () => {
    // gaussian_radius((5, 5), 0.7) of CenterNet's code: min of the three roots, here r3 = (−14 + √(14² + 4·2.8·7.5)) / 2.
    expect(gaussianRadius(5, 5)).toBeCloseTo((-14 + Math.sqrt(196 + 84)) / 2, 12);
  });

  it('decodes the boxes, classes and scores of a hand-built target (encode → decode round trip)', () => {
    const layout = { height: 16, width: 16, classes: 3, stride: 4 };
    const objects = [
      { classIndex: 2, bbox: [10, 12, 20, 16] as [number, number, number, number] },
      { classIndex: 0, bbox: [37, 5, 22, 27] as [number, number, number, number] },
      { classIndex: 1, bbox: [3.5, 40, 13, 21] as [number, number, number, number] },
    ];
    const target = encodeCenterNet(objects, layout);
    // Centre of the first box: (20, 20) px = cell (5, 5), offset 0; size 5 × 4 cells.
    expect(Array.from(target.subarray((5 * 16 + 5) * 7, (5 * 16 + 6) * 7))).toEqual([0, 0, 1, 5, 4, 0, 0]);
    const peaks = decodeCenterNet(target, layout, 100);
    expect(peaks).toHaveLength(100);
    const top = peaks.slice(0, 3);
    expect(top.map((p) => p.score)).toEqual([1, 1, 1]);
    expect(peaks[3].score).toBeLessThan(1);
    const sorted = [...objects].sort((a, b) => a.bbox[1] - b.bbox[1]);
    expect(top.map((p) => p.classIndex)).toEqual(sorted.map((o) => o.classIndex));
    top.forEach((p, i) => sorted[i].bbox.forEach((v, k) => expect(p.bbox[k]).toBeCloseTo(v, 4)));
  });

  it('computes the focal + L1 loss of a tiny tensor as worked out by hand', () => {
    // One class, two cells: a centre (y = 1, p = 0.8) and a neighbour (y = 0.5, p = 0.3).
    const yTrue = tf.tensor4d([1, 2, 3, 0.25, 0.5, 0.5, 0, 0, 0, 0], [1, 1, 2, 5]);
    const yPred = tf.tensor4d([0.8, 2.5, 2, 0.25, 0, 0.3, 1, 1, 1, 1], [1, 1, 2, 5]);
    const focal = -(Math.log(0.8) * 0.2 ** 2 + Math.log(0.7) * 0.3 ** 2 * 0.5 ** 4) / 1;
    const size = (0.5 + 1) / (2 + 1e-4);
    const offset = (0 + 0.5) / (2 + 1e-4);
    expect(centerNetLoss(yTrue, yPred).dataSync()[0]).toBeCloseTo(focal + 0.1 * size + offset, 6);
    // With no object, only the background term remains, not divided by zero.
    const empty = tf.tensor4d([0, 0, 0, 0, 0], [1, 1, 1, 5]);
    const guess = tf.tensor4d([0.3, 1, 1, 1, 1], [1, 1, 1, 5]);
    expect(centerNetLoss(empty, guess).dataSync()[0]).toBeCloseTo(-Math.log(0.7) * 0.09, 6);
    tf.dispose([yTrue, yPred, empty, guess]);
  });
});

describe('training the reference detector', () => {
  it('lowers the CenterNet loss in a few epochs at JPEG 10 and scores COCO AP on validation', async () => {
    const model = buildReferenceCenterNet({ height: 64, width: 64, channels: 3, classes: 3 }, 1, { baseFilters: 4 });
    const result = await trainModel(detectionRetrainTask, {
      model, modelId: 'ref:centernet', train, val: { ...train, images: train.images.slice(0, 8), groundTruth: train.groundTruth.slice(0, 8) },
      augmentation: trainingLevels('jpeg:10'), epochs: 4, seed: 1, batchSize: 8, learningRate: 5e-3,
    });
    const losses = result.history.map((r) => r.loss);
    expect(result.history.map((r) => r.valMetric)).toEqual(['AP', 'AP', 'AP', 'AP']);
    expect(losses[3]).toBeLessThan(losses[0] * 0.8);
    for (const r of result.history) expect(r.valScore).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('loads an unmarked Layers CenterNet as a detection Model for the sweep, with the in-memory score\'s detections', async () => {
    const layers = buildReferenceCenterNet({ height: 64, width: 64, channels: 3, classes: 3 }, 2, { baseFilters: 4 });
    await saveLayersModel(layers, path.join(dir, 'unmarked'));
    const model = await loadModel(path.join(dir, 'unmarked'), { task: 'detection' });
    expect(model.task).toBe('detection');
    const detections = (await model.predict(train.images[0])) as { categoryId: number; bbox: number[]; score: number }[];
    // Local maxima of a random 16 × 16 × 3 heatmap: some dozens, at most the top 100.
    expect(detections.length).toBeGreaterThan(10);
    expect(detections.length).toBeLessThanOrEqual(100);
    expect(new Set(detections.map((d) => d.categoryId))).toEqual(new Set([1, 2, 3]));
    for (const d of detections) expect(d.bbox[0] >= 0 && d.bbox[1] >= 0 && d.bbox[0] + d.bbox[2] <= 64 + 1e-9 && d.bbox[1] + d.bbox[3] <= 64 + 1e-9).toBe(true);
    const ap = await cocoAP(layers, train.images.slice(0, 4), train, detectorShape(layers, 'unmarked'));
    expect(ap).toBeGreaterThanOrEqual(0);
  });

  it('refuses a model without a CenterNet output, before training', async () => {
    const segnet = buildReferenceSegmenter({ height: 64, width: 64, channels: 3, classes: 4 }, 1, { baseFilters: 4 });
    expect(() => detectorShape(segnet, 'segnet.json')).toThrow(/^segnet\.json: Expected one CenterNet output \[batch, 64\/stride, 64\/stride, classes \+ 4\] \(class heatmaps, size, offset\) but the model's outputs are \[\[null,64,64,4\]\]$/);
    // Two heatmaps for three categories.
    const small = buildReferenceCenterNet({ height: 64, width: 64, channels: 3, classes: 2 }, 1, { baseFilters: 4 });
    await expect(trainModel(detectionRetrainTask, { model: small, modelId: 'two.json', train, augmentation: trainingLevels('jpeg:10'), epochs: 1, seed: 1 }))
      .rejects.toThrow(/two\.json: Expected at most 2 categories \(the model's heatmaps\) but .*train has 3: ellipse, triangle, rectangle/);
  });

  it('refuses data without boxes', async () => {
    await expect(loadDetectionSet(await openDataset('demo/photos', { task: 'detection' }), 'demo/photos'))
      .rejects.toThrow(/^demo\/photos: Expected detection training data with boxes and categories .* but folder data has no boxes$/);
    const empty = path.join(dir, 'empty');
    await writeTexturedObjects({ out: empty, count: 2, seed: 1 });
    const json = path.join(empty, 'annotations.json');
    const { readFile } = await import('node:fs/promises');
    await writeFile(json, JSON.stringify({ ...JSON.parse(await readFile(json, 'utf8')), annotations: [] }));
    await expect(loadDetectionSet(await openDataset(empty, { task: 'detection' }), empty))
      .rejects.toThrow(/empty: Expected boxes to train and score a detector on but none of the 2 images has one$/);
  });
});
