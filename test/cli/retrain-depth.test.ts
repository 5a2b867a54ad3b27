import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRenderedScenes } from '../../src/datasets/synthetic/rendered-scenes.js';
import { writeTexturedShapes } from '../../src/datasets/synthetic/textured-shapes.js';
import { buildReferenceSegmenter } from '../../src/retrain/architectures/segnet.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { saveLayersModel } from '../../src/models/layers/io.js';
import { lv, expectUserError } from './lv.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lv-retrain-depth-'));
  await writeRenderedScenes({ out: join(dir, 'train'), count: 24, seed: 41 });
  await writeRenderedScenes({ out: join(dir, 'val'), count: 8, seed: 42 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The value column of the tidy sweep rows of one model folder, metric and condition. */
async function sweepValue(file: string, model: string, metric: string, condition: string): Promise<number[]> {
  const rows = (await readFile(file, 'utf8')).trim().split('\n');
  return rows.filter((l) => l.includes(model) && l.includes(`,depth,${metric},`) && l.includes(`,${condition},`)).map((l) => Number(l.split(',')[6]));
}

describe('lossyvision retrain --task depth', () => {
  it('pre-trains ref:depthnet, fine-tunes a control and a JPEG copy, prints δ < 1.25 recovery and writes a sweep folder that run and report agree with', async () => {
    const out = join(dir, 'out');
    const r = lv(
      'retrain', '--task', 'depth', '--model', 'ref:depthnet', '--train', join(dir, 'train'), '--val', join(dir, 'val'),
      '--epochs', '1', '--pretrain-epochs', '1', '--batch-size', '8', '--codec', 'jpeg:5', '--test-codec', 'jpeg:5', '--control',
      '--cache', join(dir, 'cache'), '--out', out,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/pre-training ref:depthnet on pristine .*train \(24 images, 1 epochs\)/);
    expect(r.stderr).toMatch(/jpeg:5 epoch 1: loss \d\.\d{4}, val delta1 \d\.\d{4} \(24 images/);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`model ref:depthnet · metric δ < 1.25 · test ${join(dir, 'val')} (n 8)`);
    expect(lines[1]).toMatch(/^condition +bpp +n +pre-trained +control +retrained jpeg:5 +gain +gap closed/);
    expect(lines[3]).toMatch(/^pristine +— +8 +[01]\.\d{4} +[01]\.\d{4} +[01]\.\d{4} /);
    expect(lines[4]).toMatch(/^jpeg:5 +\d\.\d{3} +8 /);

    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      task: string; metric: string; pretrained: { values: Record<string, number> };
      retrained: { history: { valMetric: string }[]; recovery: { condition: string; pretrained: number; retrained: number }[] }[];
    };
    expect([results.task, results.metric]).toEqual(['depth', 'delta1']);
    expect(results.retrained[0].history.map((h) => h.valMetric)).toEqual(['delta1']);
    expect(results.retrained[0].recovery.map((x) => x.condition)).toEqual(['pristine', 'jpeg:5']);
    // The sweep engine scored the same 8 samples with the depth metric `run` uses: the same δ < 1.25.
    const csv = join(out, 'sweep', 'results.csv');
    expect(await sweepValue(csv, 'jpeg_5', 'delta1', 'pristine')).toHaveLength(1);
    expect((await sweepValue(csv, 'jpeg_5', 'delta1', 'pristine'))[0]).toBeCloseTo(results.retrained[0].recovery[0].retrained, 10);
    expect((await sweepValue(csv, 'jpeg_5', 'delta1', 'jpeg'))[0]).toBeCloseTo(results.retrained[0].recovery[1].retrained, 10);
    expect(await sweepValue(csv, 'jpeg_5', 'absRel', 'pristine')).toHaveLength(1);

    // `run --task depth` loads the retrained Layers model through the same adapter and scores the same.
    const rerun = lv('run', '--task', 'depth', '--model', join(out, 'jpeg_5', 'model'), '--data', join(dir, 'val'), '--codec', 'jpeg:5', '--out', join(dir, 'rerun'), '--no-progress');
    expect(rerun.status, rerun.stderr).toBe(0);
    expect((await sweepValue(join(dir, 'rerun', 'results.csv'), 'jpeg_5', 'delta1', 'pristine'))[0]).toBeCloseTo(results.retrained[0].recovery[0].retrained, 10);

    const report = lv('report', join(out, 'sweep'), '--out', join(dir, 'report'));
    expect(report.status, report.stderr).toBe(0);
    expect(await readFile(join(dir, 'report', 'tables.md'), 'utf8')).toMatch(/retrained/);
  }, 240_000);

  it('--adversarial trains every run with a patch discriminator beside the depth loss, checkpointed with the model', async () => {
    const out = join(dir, 'gan');
    const r = lv(
      'retrain', '--task', 'depth', '--model', 'ref:depthnet', '--train', join(dir, 'train'), '--val', join(dir, 'val'), '--max-train', '8',
      '--epochs', '1', '--pretrain-epochs', '1', '--batch-size', '8', '--codec', 'jpeg:5', '--test-codec', 'jpeg:5', '--adversarial', '0.05', '--no-sweep',
      '--cache', join(dir, 'cache'), '--out', out,
    );
    expect(r.status, r.stderr).toBe(0);
    // Not the plain pre-trained model from the cache: the adversarial one is cached under its own key.
    expect(r.stderr).toMatch(/pre-training ref:depthnet on pristine .*train \(8 images, 1 epochs\)/);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as { settings: { adversarial?: number } };
    expect(results.settings.adversarial).toBe(0.05);
    expect(await readdir(join(out, 'jpeg_5', 'checkpoints', 'epoch-0001', 'discriminator'))).toContain('optimizer.bin');
  }, 120_000);

  it('refuses the wrong reference model, data without depth maps, and a model that is not a depth network, before training', async () => {
    const never = join(dir, 'never');
    expectUserError(
      lv('retrain', '--task', 'depth', '--model', 'ref:segnet', '--train', join(dir, 'train'), '--codec', 'jpeg:10', '--out', never),
      /^lossyvision: Expected ref:depthnet for task depth but received "ref:segnet"; reference models: .*ref:depthnet \(depth\)/,
    );
    await writeTexturedShapes({ out: join(dir, 'shapes'), count: 4, seed: 1 });
    expectUserError(
      lv('retrain', '--task', 'depth', '--model', 'ref:depthnet', '--train', join(dir, 'shapes'), '--test', join(dir, 'val'), '--codec', 'jpeg:10', '--out', never),
      /shapes: Expected depth training data \(a depth folder: images\/ \+ depth\/ 16-bit PNGs or \.npy maps\) but .* data has no depth maps$/,
    );
    await initTrainingBackend();
    await saveLayersModel(buildReferenceSegmenter({ height: 48, width: 64, channels: 3, classes: 4 }, 0, { baseFilters: 2 }), join(dir, 'segnet'));
    expectUserError(
      lv('retrain', '--task', 'depth', '--model', join(dir, 'segnet'), '--train', join(dir, 'train'), '--codec', 'jpeg:10', '--out', never),
      /segnet: Expected one depth output \[batch, 48, 64, 1\] \(metres\) but the model's outputs are \[\[null,48,64,4\]\]$/,
    );
    expectUserError(
      lv('retrain', '--task', 'segmentation', '--model', 'ref:segnet', '--train', join(dir, 'shapes'), '--codec', 'jpeg:10', '--adversarial', '0.1', '--out', never),
      /^lossyvision: Expected --adversarial only for tasks with an adversarial loss \(depth\) but the task is segmentation$/,
    );
    expectUserError(
      lv('retrain', '--task', 'depth', '--model', 'ref:depthnet', '--train', join(dir, 'train'), '--codec', 'jpeg:10', '--adversarial', '0', '--out', never),
      /^lossyvision: Expected positive number for --adversarial but received 0 of type number/,
    );
    expect(await stat(never).catch(() => undefined)).toBeUndefined();
  }, 120_000);
});
