import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as tfl from '@tensorflow/tfjs-layers';
import { openDataset } from '../../src/datasets/open.js';
import { buildReferenceClassifier } from '../../src/retrain/architectures/classifier.js';
import { randomLevels, trainingLevels } from '../../src/retrain/augment.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { loadLabelledImages, type LabelledImages } from '../../src/retrain/data.js';
import { trainClassifier } from '../../src/retrain/train.js';

const shape = { height: 28, width: 28, channels: 1, classes: 10 };
let train: LabelledImages;
let dir: string;

async function weights(model: tfl.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => new Float32Array(await w.data())));
}

beforeAll(async () => {
  await initTrainingBackend();
  train = await loadLabelledImages(await openDataset('builtin:fashion-mnist:train'), 'builtin:fashion-mnist:train', { maxSamples: 256, seed: 3 });
  dir = await mkdtemp(path.join(tmpdir(), 'lv-train-'));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trainClassifier', () => {
  it('lowers the loss on real Fashion-MNIST images compressed at JPEG 10', async () => {
    const result = await trainClassifier({
      model: buildReferenceClassifier(shape, 1), modelId: 'ref', train, augmentation: trainingLevels('jpeg:10'), epochs: 3, seed: 1, batchSize: 32,
    });
    const [first, , last] = result.history;
    expect(result.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(last.loss).toBeLessThan(first.loss * 0.8);
  }, 120_000);

  it('resumes an interrupted run to the same weights as an uninterrupted one (random-quality augmentation)', async () => {
    const common = { modelId: 'ref', train, augmentation: randomLevels('jpeg:5..50', 0.5), epochs: 2, seed: 7, batchSize: 64 };
    const whole = await trainClassifier({ ...common, model: buildReferenceClassifier(shape, 7), checkpointDir: path.join(dir, 'whole') });
    const first = await trainClassifier({ ...common, model: buildReferenceClassifier(shape, 7), checkpointDir: path.join(dir, 'parts'), stopAfterEpochs: 1 });
    expect(first.history).toHaveLength(1);
    // A fresh process would build a fresh network; the checkpoint must override it.
    const resumed = await trainClassifier({ ...common, model: buildReferenceClassifier(shape, 99), checkpointDir: path.join(dir, 'parts') });
    expect(resumed.resumedFrom).toBe(1);
    expect(resumed.history.map((r) => r.loss)).toEqual(whole.history.map((r) => r.loss));
    expect(await weights(resumed.model)).toEqual(await weights(whole.model));
  }, 180_000);

  it('refuses a checkpoint of a different run', async () => {
    await expect(trainClassifier({
      model: buildReferenceClassifier(shape, 7), modelId: 'ref', train, augmentation: trainingLevels('jpeg:10'), epochs: 2, seed: 8, checkpointDir: path.join(dir, 'parts'),
    })).rejects.toThrow(/Expected a checkpoint of this training run/);
  });

  it('refuses labels that do not match the model outputs before training', async () => {
    await expect(trainClassifier({
      model: buildReferenceClassifier({ ...shape, classes: 5 }, 1), modelId: 'five.json', train, augmentation: trainingLevels('jpeg:10'), epochs: 1, seed: 1,
    })).rejects.toThrow(/five\.json: Expected labels matching the model's 5 outputs but builtin:fashion-mnist:train has 10 classes/);
  });
});
