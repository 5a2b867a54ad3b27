import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../src/datasets/open.js';
import { writeRenderedScenes } from '../../src/datasets/synthetic/rendered-scenes.js';
import { writeTexturedShapes } from '../../src/datasets/synthetic/textured-shapes.js';
import { buildReferenceDepthNet } from '../../src/retrain/architectures/depthnet.js';
import { buildReferenceSegmenter } from '../../src/retrain/architectures/segnet.js';
import { trainingLevels } from '../../src/retrain/augment.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { depthsToTensor, loadDepthImages, type DepthImages } from '../../src/retrain/depth-data.js';
import { depthModelShape } from '../../src/models/layers/shape.js';
import { maskedLogL1 } from '../../src/retrain/depth-loss.js';
import { saveLayersModel } from '../../src/models/layers/io.js';
import { loadModel } from '../../src/retrain/sweep-models.js';
import { depthDelta1, depthRetrainTask } from '../../src/retrain/tasks/depth.js';
import { trainModel } from '../../src/retrain/train.js';
import { evaluateDepth } from '../../src/tasks/depth/metric.js';
import type { DepthPrediction } from '../../src/tasks/depth/prediction.js';

const shape = { height: 48, width: 64, channels: 3, classes: 1 };
let dir: string;
let train: DepthImages;

beforeAll(async () => {
  await initTrainingBackend();
  dir = await mkdtemp(path.join(tmpdir(), 'lv-train-depth-'));
  await writeRenderedScenes({ out: path.join(dir, 'train'), count: 32, seed: 31 });
  train = await loadDepthImages(await openDataset(path.join(dir, 'train'), { task: 'depth' }), path.join(dir, 'train'));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('depth training pieces', () => {
  it('masked log-L1 averages |log p − log gt| over valid pixels only', () => {
    const gt = tf.tensor4d([2, 0, 4, 0], [1, 2, 2, 1]);
    const loss = (pred: number[]): number => maskedLogL1(gt, tf.tensor4d(pred, [1, 2, 2, 1])).dataSync()[0];
    expect(loss([2, 1, 4, 1])).toBeCloseTo(0, 6);
    // Pixels without ground truth (0) may hold anything: the loss does not see them.
    expect(loss([2, 123, 4, 0.001])).toBeCloseTo(0, 6);
    expect(loss([4, 5, 2, 5])).toBeCloseTo(Math.log(2), 6);
    expect(maskedLogL1(tf.zeros([1, 2, 2, 1]), tf.ones([1, 2, 2, 1])).dataSync()[0]).toBe(0);
  });

  it('targets are the depth maps in metres at the model size, [N, H, W, 1]', () => {
    const t = depthsToTensor([train.depths[0]], 48, 64);
    expect(t.shape).toEqual([1, 48, 64, 1]);
    expect(Array.from(t.dataSync())).toEqual(Array.from(train.depths[0].data, (v) => Math.fround(v)));
  });

  it('scores δ < 1.25 exactly as the Eigen depth metric does on the same maps', async () => {
    const model = buildReferenceDepthNet(shape, 4);
    const images = train.images.slice(0, 5);
    const data = { ...train, images, depths: train.depths.slice(0, 5) };
    const out = model.predict(tf.stack(images.map((im) => tf.div(tf.tensor3d(im.data, [48, 64, 3], 'float32'), 255)))) as tf.Tensor;
    const values = out.dataSync() as Float32Array;
    const plane = 48 * 64;
    const pairs = data.depths.map((gt, n) => [{ width: 64, height: 48, data: values.subarray(n * plane, (n + 1) * plane) }, gt] as const);
    const expected = evaluateDepth(pairs.map(([p, g]) => [p, g]));
    const score = await depthDelta1(model, images, data, shape);
    expect(score).not.toBeNull();
    expect(score!).toBeCloseTo(expected.delta1!, 10);
  });

  it('a few epochs at JPEG 5 lower the loss of ref:depthnet and raise validation δ < 1.25', async () => {
    const result = await trainModel(depthRetrainTask, {
      model: buildReferenceDepthNet(shape, 1), modelId: 'ref:depthnet', train, val: train,
      augmentation: trainingLevels('jpeg:5'), epochs: 3, seed: 1, batchSize: 8, learningRate: 3e-3,
    });
    const losses = result.history.map((r) => r.loss);
    expect(result.history.map((r) => r.valMetric)).toEqual(['delta1', 'delta1', 'delta1']);
    expect(losses[2]).toBeLessThan(losses[0] * 0.8);
    expect(result.history[2].valScore!).toBeGreaterThan(result.history[0].valScore!);
  }, 60_000);

  it('trains adversarially (generator and patch discriminator alternately) and resumes to the same weights, discriminator included', async () => {
    const small = { ...train, images: train.images.slice(0, 16), depths: train.depths.slice(0, 16) };
    const step = () => depthRetrainTask.adversarial!(0.05, shape, 2e-3, 5);
    const common = { modelId: 'ref:depthnet', train: small, augmentation: trainingLevels('jpeg:10'), epochs: 2, seed: 5, batchSize: 8, learningRate: 2e-3 };
    const build = (seed: number) => buildReferenceDepthNet(shape, seed, { baseFilters: 4 });
    const wholeStep = step();
    const whole = await trainModel(depthRetrainTask, { ...common, model: build(5), checkpointDir: path.join(dir, 'gan-whole'), step: wholeStep });
    expect(await readdir(path.join(dir, 'gan-whole', 'epoch-0002', 'discriminator'))).toEqual(['model.json', 'optimizer.bin', 'optimizer.json', 'weights.bin']);
    await trainModel(depthRetrainTask, { ...common, model: build(5), checkpointDir: path.join(dir, 'gan-parts'), stopAfterEpochs: 1, step: step() });
    const resumedStep = step();
    const resumed = await trainModel(depthRetrainTask, { ...common, model: build(99), checkpointDir: path.join(dir, 'gan-parts'), step: resumedStep });
    expect(resumed.resumedFrom).toBe(1);
    expect(resumed.history.map((r) => r.loss)).toEqual(whole.history.map((r) => r.loss));
    const weights = (m: typeof whole.model) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(resumed.model)).toEqual(weights(whole.model));
    // The resumed discriminator is the uninterrupted one: both runs saved the same weights after epoch 2.
    const saved = async (run: string) => readFile(path.join(dir, run, 'epoch-0002', 'discriminator', 'weights.bin'));
    expect((await saved('gan-parts')).equals(await saved('gan-whole'))).toBe(true);
    // A plain run's checkpoint is not resumed adversarially: the fingerprint tells them apart.
    await expect(trainModel(depthRetrainTask, { ...common, model: build(5), checkpointDir: path.join(dir, 'gan-parts') })).rejects.toThrow(/Expected a checkpoint of this training run/);
    wholeStep.dispose();
    resumedStep.dispose();
  }, 60_000);

  it('the sweep loader answers metric depth at the image size for a Layers depth network, marked or not', async () => {
    await saveLayersModel(buildReferenceDepthNet(shape, 2, { baseFilters: 2 }), path.join(dir, 'unmarked'));
    const model = await loadModel(path.join(dir, 'unmarked'));
    expect([model.task, model.provenance.adapter]).toEqual(['depth', 'layers-depth']);
    const prediction = (await model.predict({ width: 32, height: 24, data: new Uint8Array(32 * 24 * 3).fill(90) })) as DepthPrediction;
    expect([prediction.width, prediction.height, prediction.output, prediction.alignment, prediction.data.length]).toEqual([32, 24, 'metric', 'none', 32 * 24]);
    expect(Math.min(...prediction.data)).toBeGreaterThan(0);
  });

  it('refuses a model that is not a depth network and data without depth maps', async () => {
    const segnet = buildReferenceSegmenter({ height: 48, width: 64, channels: 3, classes: 4 }, 0, { baseFilters: 2 });
    expect(() => depthModelShape(segnet, 'seg/model.json')).toThrow(/^seg\/model\.json: Expected one depth output \[batch, 48, 64, 1\] \(metres\) but the model's outputs are \[\[null,48,64,4\]\]$/);
    await writeTexturedShapes({ out: path.join(dir, 'shapes'), count: 2, seed: 1 });
    const masks = await openDataset(path.join(dir, 'shapes'));
    await expect(loadDepthImages(masks, 'shapes')).rejects.toThrow(/^shapes: Expected depth training data \(a depth folder: images\/ \+ depth\/ 16-bit PNGs or \.npy maps\) but mask-folder data has no depth maps$/);
  });
});
