import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTexturedShapes } from '../../src/datasets/synthetic/textured-shapes.js';
import { buildReferenceClassifier } from '../../src/retrain/architectures/classifier.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { saveLayersModel } from '../../src/models/layers/io.js';
import { lv, expectUserError } from './lv.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lv-retrain-seg-'));
  await writeTexturedShapes({ out: join(dir, 'train'), count: 48, seed: 21 });
  await writeTexturedShapes({ out: join(dir, 'val'), count: 16, seed: 22 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lossyvision retrain --task segmentation', () => {
  const args = (out: string): string[] => [
    'retrain', '--task', 'segmentation', '--model', 'ref:segnet', '--train', join(dir, 'train'), '--val', join(dir, 'val'),
    '--epochs', '1', '--pretrain-epochs', '1', '--batch-size', '16', '--codec', 'jpeg:10', '--test-codec', 'jpeg:10', '--control',
    '--cache', join(dir, 'cache'), '--out', out,
  ];

  it('pre-trains ref:segnet, fine-tunes a control and a JPEG copy, prints mIoU recovery, writes a sweep folder that report pairs, and resumes', async () => {
    const out = join(dir, 'out');
    const r = lv(...args(out));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/pre-training ref:segnet on pristine .*train \(48 images, 1 epochs\)/);
    expect(r.stderr).toMatch(/jpeg:10 epoch 1: loss \d\.\d{4}, val mIoU \d\.\d{4} \(48 images/);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`model ref:segnet · metric mIoU · test ${join(dir, 'val')} (n 16)`);
    expect(lines[1]).toMatch(/^condition +bpp +n +pre-trained +control +retrained jpeg:10 +gain +gap closed +study recovery +gain vs control +gap closed vs control +study recovery vs control$/);
    expect(lines[3]).toMatch(/^pristine +— +16 +0\.\d{4} +0\.\d{4} +0\.\d{4} /);
    expect(lines[4]).toMatch(/^jpeg:10 +\d\.\d{3} +16 /);

    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      task: string; metric: string; retrained: { history: { valMetric: string }[]; recovery: { condition: string; retrained: number }[] }[];
    };
    expect([results.task, results.metric]).toEqual(['segmentation', 'mIoU']);
    expect(results.retrained[0].history.map((h) => h.valMetric)).toEqual(['mIoU']);
    // The sweep engine scored the same 16 samples with the same metric: the same mIoU.
    const tidy = (await readFile(join(out, 'sweep', 'results.csv'), 'utf8')).trim().split('\n');
    const row = tidy.filter((l) => l.includes('jpeg_10') && l.includes(',segmentation,mIoU,') && l.includes(',pristine,'));
    expect(row).toHaveLength(1);
    expect(Number(row[0].split(',')[6])).toBeCloseTo(results.retrained[0].recovery[0].retrained, 10);
    expect(await stat(join(out, 'sweep', 'cache')).catch(() => undefined)).toBeUndefined();

    const report = lv('report', join(out, 'sweep'), '--out', join(dir, 'report'));
    expect(report.status, report.stderr).toBe(0);
    // The report pairs retrained with pre-trained on segmentation's headline metric, mIoU.
    expect(await readFile(join(dir, 'report', 'tables.md'), 'utf8')).toMatch(/\| globalAcc \| meanAcc \| mIoU \| mIoU retrained \| relative gain \| gap closed \|/);
    // `run` loads the retrained TF.js Layers model like any other and scores the same mIoU.
    const rerun = lv('run', '--task', 'segmentation', '--model', join(out, 'jpeg_10', 'model'), '--data', join(dir, 'val'), '--codec', 'jpeg:10', '--out', join(dir, 'rerun'), '--no-progress');
    expect(rerun.status, rerun.stderr).toBe(0);
    const rerunRow = (await readFile(join(dir, 'rerun', 'results.csv'), 'utf8')).trim().split('\n').filter((l) => l.includes(',segmentation,mIoU,') && l.includes(',pristine,'));
    expect(rerunRow).toHaveLength(1);
    expect(Number(rerunRow[0].split(',')[6])).toBeCloseTo(results.retrained[0].recovery[0].retrained, 10);

    // A damaged cached pre-trained model is detected, never loaded, and made again (from its final checkpoint): same numbers.
    const [cachedModel] = await readdir(join(dir, 'cache', 'retrain'));
    const weights = join(dir, 'cache', 'retrain', cachedModel, 'weights.bin');
    const bytes = await readFile(weights);
    bytes[bytes.length >> 1] ^= 0x10;
    await writeFile(weights, bytes);
    const repaired = lv(...args(out));
    expect(repaired.status, repaired.stderr).toBe(0);
    expect(repaired.stderr).toMatch(/pre-trained ref:segnet: the cached model in \S+ is damaged \(1 damaged cache entry found, deleted and computed again\)/);
    expect(repaired.stdout.split('\n').slice(0, 5)).toEqual(lines.slice(0, 5));

    // Again with the same settings: the pre-trained model comes from the cache and every arm from its last checkpoint.
    const again = lv(...args(out));
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/pre-trained ref:segnet: loaded from /);
    expect(again.stderr).not.toMatch(/epoch 1: loss/);
    expect(again.stdout.split('\n').slice(0, 5)).toEqual(lines.slice(0, 5));
  }, 240_000);

  it('refuses the wrong reference model, data without masks, and a model that is not a segmenter, before training', async () => {
    expectUserError(
      lv('retrain', '--task', 'segmentation', '--model', 'ref:fashion-cnn', '--train', join(dir, 'train'), '--codec', 'jpeg:10', '--out', join(dir, 'never')),
      /^lossyvision: Expected ref:segnet for task segmentation but received "ref:fashion-cnn"; reference models: (?=.*ref:fashion-cnn \(classification\))(?=.*ref:segnet \(segmentation\))ref:\S+ \(\w+\)(, ref:\S+ \(\w+\))*$/,
    );
    expectUserError(
      lv('retrain', '--task', 'depth-of-field', '--model', 'ref:segnet', '--train', join(dir, 'train'), '--codec', 'jpeg:10', '--out', join(dir, 'never')),
      /^lossyvision: Unknown retraining task "depth-of-field", expected one of: (?=.*\bclassification\b)(?=.*\bsegmentation\b)\w+(, \w+)*$/,
    );
    expectUserError(
      lv('retrain', '--task', 'segmentation', '--model', 'ref:segnet', '--train', 'demo/photos', '--test', join(dir, 'val'), '--codec', 'jpeg:10', '--out', join(dir, 'never')),
      /^lossyvision: demo\/photos: Expected segmentation training data with masks .* but folder data has no masks$/,
    );
    await initTrainingBackend();
    await saveLayersModel(buildReferenceClassifier({ height: 64, width: 64, channels: 3, classes: 4 }, 0), join(dir, 'cnn'));
    expectUserError(
      lv('retrain', '--task', 'segmentation', '--model', join(dir, 'cnn'), '--train', join(dir, 'train'), '--codec', 'jpeg:10', '--out', join(dir, 'never')),
      /cnn: Expected one per-pixel class-score output \[batch, 64, 64, classes\]/,
    );
    expect(await stat(join(dir, 'never')).catch(() => undefined)).toBeUndefined();
  }, 120_000);
});
