import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { resizeAndCentreCrop } from '../../../src/models/calculators/centre-crop.js';
import { classifierAdapter } from '../../../src/models/adapters/classifier.js';
import { loadModel } from '../../../src/models/load.js';
import { loadOnnxRuntime } from '../../../src/models/runtimes/onnx.js';
import { openDataset } from '../../../src/datasets/open.js';
import type { ClassificationGroundTruth } from '../../../src/datasets/classification.js';
import { sampleOrder } from '../../../src/sweep/order.js';
import { runSweep } from '../../../src/sweep/run.js';
import type { ClassificationPrediction } from '../../../src/tasks/classification/prediction.js';
import { constantGraph, writeGraph } from '../onnx-builder.js';
import { meanColourClassifierGraph } from './segmentation-graphs.js';

const classes = fileURLToPath(new URL('../../fixtures/datasets/classes/', import.meta.url));
const IDENTITY = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** The class the mean-colour graph must pick, from sharp's own channel means (an independent path). */
async function dominantChannel(file: string): Promise<number> {
  const { channels } = await sharp(file).stats();
  const normalised = [0, 1, 2].map((c) => (channels[c].mean / 255 - MEAN[c]) / STD[c]);
  return normalised.indexOf(Math.max(...normalised));
}

const images = [['cat', 'cat/chelsea.png'], ['cup', 'cup/coffee.png'], ['person', 'person/nasa/astronaut.jpg']] as const;

describe('classifier adapter', () => {
  it('resizes the shorter side and centre-crops as torchvision does', () => {
    // 8×4, each pixel's red value its column: Resize(4) keeps it, CenterCrop(4) keeps columns 2–5.
    const data = new Uint8Array(8 * 4 * 3);
    for (let i = 0; i < 32; i++) data[i * 3] = (i % 8) * 10;
    const out = resizeAndCentreCrop({ width: 8, height: 4, data }, 4, 4, 4);
    expect(Array.from({ length: 4 }, (_, x) => out[x * 3])).toEqual([20, 30, 40, 50]);
  });

  it('rounds the crop offset half to even as Python does: (9 − 4) / 2 = 2.5 starts at column 2', () => {
    const data = new Uint8Array(9 * 4 * 3);
    for (let i = 0; i < 36; i++) data[i * 3] = (i % 9) * 10;
    const out = resizeAndCentreCrop({ width: 9, height: 4, data }, 4, 4, 4);
    expect(Array.from({ length: 4 }, (_, x) => out[x * 3])).toEqual([20, 30, 40, 50]);
  });

  it('takes the resize from cropPct as timm does (floor(crop / cropPct)), from the preset, or from resizeShorter', async () => {
    const runtime = await loadOnnxRuntime(writeGraph('cls.onnx', constantGraph({ name: 'image', dims: [1, 3, 224, 224] }, [{ name: 'logits', dims: [1, 2], values: [0, 1] }])));
    const shorter = (config: Record<string, unknown>) => classifierAdapter(runtime, config).settings.resizeShorter;
    expect([shorter({}), shorter({ cropPct: 0.95 }), shorter({ preset: 'timm' }), shorter({ preset: 'timm', cropPct: 0.9 }), shorter({ preset: 'torchvision', resizeShorter: 232 })]).toEqual([256, 235, 256, 248, 232]);
    expect(classifierAdapter(runtime, { preset: 'timm' }).settings).toMatchObject({ resample: 'pil-bicubic', norm: { mean: [0.485, 0.456, 0.406] } });
    await runtime.dispose();
  });

  it('answers the top k by softmax score, named by the config classes', async () => {
    const file = writeGraph('cls.onnx', constantGraph({ name: 'image', dims: [1, 3, 224, 224] }, [{ name: 'logits', dims: [1, 4], values: [1, 3, 2, 3] }]));
    const model = await loadModel(file, { task: 'classification', config: { classes: ['a', 'b', 'c', 'd'], topK: 3 } as never });
    const p = (await model.predict({ width: 300, height: 200, data: new Uint8Array(300 * 200 * 3) })) as ClassificationPrediction;
    const e = [1, 3, 2, 3].map((v) => Math.exp(v));
    const sum = e.reduce((a, b) => a + b, 0);
    expect(p.top.map((t) => t.label)).toEqual(['b', 'd', 'c']); // tie: lower index first
    expect(p.top[0].score).toBeCloseTo(e[1] / sum, 12);
    await model.dispose();
    await expect(loadModel(file, { task: 'classification', config: { classes: ['a', 'b'] } as never })).rejects.toThrow(
      `${file}: output "logits": expected shape [1, 2] (one score per class name) but found [1, 4]`,
    );
  });

  it('sweeps class folders: top-1 is the share of images whose dominant colour names their class', async () => {
    const file = writeGraph('colour.onnx', meanColourClassifierGraph(IDENTITY, [0, 0, 0]));
    const expected = await Promise.all(images.map(async ([label, path]) => ['cat', 'cup', 'person'][await dominantChannel(join(classes, path))] === label));
    const top1 = expected.filter(Boolean).length / images.length;
    const sweep = async (config: Record<string, unknown>) =>
      runSweep({
        task: 'classification', data: classes, models: [file], conditions: [{ codec: 'jpeg', level: 90 }], seed: 0, referenceThreshold: 0.5,
        workers: 1, cacheDir: await mkdtemp(join(tmpdir(), 'lv-cls-cache-')), modelOptions: { config },
      });
    // Named by the model (classes), or by index through the dataset's class order (cat, cup, person): the same answer.
    for (const result of [await sweep({ classes: ['cat', 'cup', 'person'] }), await sweep({})]) {
      const pristine = result.cells[0];
      expect([pristine.n, pristine.failures]).toEqual([3, 0]);
      expect(pristine.metrics.classification.top1).toBeCloseTo(top1, 12);
      expect(pristine.metrics.classification.top5).toBe(1); // three classes: always in the top 5
      expect(result.columns.map((c) => c.value)).toEqual(['top1', 'top5', 'meanClassAcc']);
    }
  });

  it('sweeps builtin:fashion-mnist: a model always answering class 0 scores the share of T-shirts in the sample', async () => {
    const file = writeGraph('tshirt.onnx', constantGraph({ name: 'image', dims: [1, 3, 28, 28] }, [{ name: 'logits', dims: [1, 10], values: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0] }]));
    const result = await runSweep({
      task: 'classification', data: 'builtin:fashion-mnist', models: [file], conditions: [{ codec: 'jpeg', level: 10 }], seed: 3, maxSamples: 30,
      referenceThreshold: 0.5, workers: 1, cacheDir: await mkdtemp(join(tmpdir(), 'lv-fmnist-cache-')), modelOptions: { config: { resizeShorter: 0 } },
    });
    // The same 30 samples the sweep takes (its seeded order), labels read from the dataset.
    const all: ClassificationGroundTruth[] = [];
    for await (const s of (await openDataset('builtin:fashion-mnist')).samples()) all.push(s.groundTruth as ClassificationGroundTruth);
    const chosen = sampleOrder(all.length, 3).slice(0, 30).map((i) => all[i]);
    const tshirts = chosen.filter((g) => g.name === 'T-shirt/top').length;
    for (const cell of result.cells) {
      expect([cell.n, cell.failures]).toEqual([30, 0]);
      expect(cell.metrics.classification.top1).toBeCloseTo(tshirts / 30, 12);
      expect(cell.metrics.classification['acc T-shirt/top']).toBe(tshirts > 0 ? 1 : null);
    }
  });
});
