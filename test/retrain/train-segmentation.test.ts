import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { openDataset } from '../../src/datasets/open.js';
import { writeTexturedShapes } from '../../src/datasets/synthetic/textured-shapes.js';
import { buildReferenceSegmenter } from '../../src/retrain/architectures/segnet.js';
import { randomLevels, trainingLevels } from '../../src/retrain/augment.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { loadSegmentedImages, masksToOneHot, type SegmentedImages } from '../../src/retrain/segmentation-data.js';
import { referenceInputSize, segmentationRetrainTask } from '../../src/retrain/tasks/segmentation.js';
import { trainModel } from '../../src/retrain/train.js';

const shape = { height: 64, width: 64, channels: 3, classes: 4 };
let dir: string;
let train: SegmentedImages;
let val: SegmentedImages;

beforeAll(async () => {
  await initTrainingBackend();
  dir = await mkdtemp(path.join(tmpdir(), 'lv-train-seg-'));
  await writeTexturedShapes({ out: path.join(dir, 'train'), count: 96, seed: 11 });
  await writeTexturedShapes({ out: path.join(dir, 'val'), count: 24, seed: 12 });
  const load = async (name: string): Promise<SegmentedImages> => {
    const spec = path.join(dir, name);
    return loadSegmentedImages(await openDataset(spec, { task: 'segmentation' }), spec);
  };
  [train, val] = [await load('train'), await load('val')];
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('training the reference segmenter', () => {
  it('lowers the per-pixel loss on generated textured shapes at JPEG 10 and scores validation mIoU every epoch', async () => {
    const result = await trainModel(segmentationRetrainTask, {
      model: buildReferenceSegmenter(shape, 1, { baseFilters: 8 }), modelId: 'ref:segnet', train, val,
      augmentation: trainingLevels('jpeg:10'), epochs: 4, seed: 1, batchSize: 16, learningRate: 3e-3,
    });
    const losses = result.history.map((r) => r.loss);
    expect(result.history.map((r) => r.valMetric)).toEqual(['mIoU', 'mIoU', 'mIoU', 'mIoU']);
    expect(losses[3]).toBeLessThan(losses[0] * 0.7);
    for (const r of result.history) expect(r.valScore).toBeGreaterThan(0);
  }, 180_000);

  it('resumes an interrupted run to the same weights, batch-norm statistics included', async () => {
    const small = { ...train, images: train.images.slice(0, 32), masks: train.masks.slice(0, 32) };
    const common = { modelId: 'ref:segnet', train: small, augmentation: randomLevels('jpeg:5..50', 0.5), epochs: 2, seed: 3, batchSize: 16 };
    const build = (seed: number) => buildReferenceSegmenter(shape, seed, { baseFilters: 4 });
    const whole = await trainModel(segmentationRetrainTask, { ...common, model: build(3), checkpointDir: path.join(dir, 'whole') });
    await trainModel(segmentationRetrainTask, { ...common, model: build(3), checkpointDir: path.join(dir, 'parts'), stopAfterEpochs: 1 });
    const resumed = await trainModel(segmentationRetrainTask, { ...common, model: build(99), checkpointDir: path.join(dir, 'parts') });
    expect(resumed.resumedFrom).toBe(1);
    expect(resumed.history.map((r) => r.loss)).toEqual(whole.history.map((r) => r.loss));
    const weights = (m: typeof whole.model) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(whole.model.weights.some((w) => w.name.includes('moving_mean'))).toBe(true);
    expect(weights(resumed.model)).toEqual(weights(whole.model));
  }, 120_000);

  it('refuses masks with a label beyond the model classes, before training', async () => {
    await expect(trainModel(segmentationRetrainTask, {
      model: buildReferenceSegmenter({ ...shape, classes: 3 }, 1, { baseFilters: 4 }), modelId: 'three.json', train, augmentation: trainingLevels('jpeg:10'), epochs: 1, seed: 1,
    })).rejects.toThrow(/three\.json: Expected mask labels below the model's 3 classes \(or the ignore index 255\) but .*train has label 3/);
  });

  it('refuses a classifier as a segmenter', async () => {
    const { buildReferenceClassifier } = await import('../../src/retrain/architectures/classifier.js');
    await expect(trainModel(segmentationRetrainTask, {
      model: buildReferenceClassifier(shape, 1), modelId: 'cnn.json', train, augmentation: trainingLevels('jpeg:10'), epochs: 1, seed: 1,
    })).rejects.toThrow(/cnn\.json: Expected one per-pixel class-score output \[batch, 64, 64, classes\] but the model's outputs are \[\[null,4\]\]/);
  });

  it('refuses data without masks', async () => {
    await expect(loadSegmentedImages(await openDataset('demo/photos', { task: 'segmentation' }), 'demo/photos'))
      .rejects.toThrow(/^demo\/photos: Expected segmentation training data with masks .* but folder data has no masks/);
  });

  it('one-hot encodes masks, leaving ignored pixels out of the loss', () => {
    const mask = { width: 2, height: 2, data: Uint8Array.from([0, 3, 255, 1]) };
    const y = masksToOneHot([mask], 2, 2, 4);
    expect(Array.from(y.dataSync())).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(y.shape).toEqual([1, 2, 2, 4]);
    tf.dispose(y);
  });
});

describe('the reference segmenter input size', () => {
  const image = (width: number, height: number) => ({ width, height, data: new Uint8Array(width * height * 3) });
  it('takes the most common image size, scaled to at most 256 on the long side and rounded to multiples of 8', () => {
    expect(referenceInputSize([image(64, 64)])).toEqual({ width: 64, height: 64 });
    // VOC-like: 500×375 and 500×333 mixed; 500×375 is the most common.
    expect(referenceInputSize([image(500, 333), image(500, 375), image(500, 375)])).toEqual({ width: 256, height: 192 });
    expect(referenceInputSize([image(30, 21)])).toEqual({ width: 32, height: 24 });
    expect(referenceInputSize([image(3, 2)])).toEqual({ width: 8, height: 8 });
  });
});
