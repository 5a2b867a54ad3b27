import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTexturedObjects } from '../../src/datasets/synthetic/textured-objects.js';
import { buildReferenceSegmenter } from '../../src/retrain/architectures/segnet.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { saveLayersModel } from '../../src/models/layers/io.js';
import { lv, expectUserError } from './lv.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lv-retrain-det-'));
  await writeTexturedObjects({ out: join(dir, 'train'), count: 32, seed: 41 });
  await writeTexturedObjects({ out: join(dir, 'val'), count: 12, seed: 42 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lossyvision retrain --task detection', () => {
  it('pre-trains ref:centernet, fine-tunes a control and a JPEG copy, prints AP recovery, and writes a sweep folder that run and report agree with', async () => {
    const out = join(dir, 'out');
    const r = lv(
      'retrain', '--task', 'detection', '--model', 'ref:centernet', '--train', join(dir, 'train'), '--val', join(dir, 'val'),
      '--epochs', '1', '--pretrain-epochs', '1', '--batch-size', '16', '--lr', '0.003', '--codec', 'jpeg:10', '--test-codec', 'jpeg:10', '--control',
      '--cache', join(dir, 'cache'), '--out', out,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/pre-training ref:centernet on pristine .*train \(32 images, 1 epochs\)/);
    expect(r.stderr).toMatch(/jpeg:10 epoch 1: loss \d+\.\d{4}, val AP \d\.\d{4} \(32 images/);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`model ref:centernet · metric COCO AP@[.5:.95] · test ${join(dir, 'val')} (n 12)`);
    expect(lines[1]).toMatch(/^condition +bpp +n +pre-trained +control +retrained jpeg:10 +gain/);
    expect(lines[3]).toMatch(/^pristine +— +12 +\d\.\d{4} +\d\.\d{4} +\d\.\d{4}/);
    expect(lines[4]).toMatch(/^jpeg:10 +\d\.\d{3} +12 /);

    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      task: string; metric: string; pretrained: { values: Record<string, number> }; control: { scores: { values: Record<string, number> } };
      retrained: { history: { valMetric: string }[]; modelDir: string; recovery: { condition: string; pretrained: number; retrained: number }[] }[];
    };
    expect([results.task, results.metric]).toEqual(['detection', 'AP']);
    expect(Object.keys(results.pretrained.values)).toEqual(['pristine', 'jpeg:10']);
    expect(results.retrained[0].recovery.map((x) => x.condition)).toEqual(['pristine', 'jpeg:10']);
    expect(results.retrained[0].history.map((h) => h.valMetric)).toEqual(['AP']);
    const model = JSON.parse(await readFile(join(results.retrained[0].modelDir, 'model.json'), 'utf8')) as { userDefinedMetadata: unknown };
    expect(model.userDefinedMetadata).toEqual({ lossyvision: { task: 'detection', categoryIds: [1, 2, 3], classes: ['ellipse', 'triangle', 'rectangle'] } });

    // The sweep engine scored the same 12 images with COCO evaluation: the same AP for every model.
    const tidy = (await readFile(join(out, 'sweep', 'results.csv'), 'utf8')).trim().split('\n');
    const header = tidy[0].split(',');
    const col = (name: string): number => header.indexOf(name);
    const ap = (model: string, condition: string): number => {
      const rows = tidy.map((l) => l.split(',')).filter((f) => f[col('model')].includes(model) && f[col('metric')] === 'AP' && f[col('codec')] === condition);
      expect(rows, `${model} ${condition}`).toHaveLength(1);
      return Number(rows[0][col('value')]);
    };
    expect(ap('jpeg_10', 'pristine')).toBeCloseTo(results.retrained[0].recovery[0].retrained, 10);
    expect(ap('jpeg_10', 'jpeg')).toBeCloseTo(results.retrained[0].recovery[1].retrained, 10);
    expect(ap('centernet-', 'pristine')).toBeCloseTo(results.pretrained.values.pristine, 10);
    expect(await stat(join(out, 'sweep', 'cache')).catch(() => undefined)).toBeUndefined();

    const report = lv('report', join(out, 'sweep'), '--out', join(dir, 'report'));
    expect(report.status, report.stderr).toBe(0);
    expect(await readFile(join(dir, 'report', 'tables.md'), 'utf8')).toMatch(/\| AP \| AP50 \| AP75 \| AP retrained \| relative gain \| gap closed \|/);
    // `run` loads the retrained Layers detector like any other model and scores the same AP.
    const rerun = lv('run', '--task', 'detection', '--model', results.retrained[0].modelDir, '--data', join(dir, 'val'), '--codec', 'jpeg:10', '--out', join(dir, 'rerun'), '--no-progress');
    expect(rerun.status, rerun.stderr).toBe(0);
    const rerunRows = (await readFile(join(dir, 'rerun', 'results.csv'), 'utf8')).trim().split('\n').map((l) => l.split(','))
      .filter((f) => f[col('metric')] === 'AP' && f[col('codec')] === 'pristine');
    expect(rerunRows).toHaveLength(1);
    expect(Number(rerunRows[0][col('value')])).toBeCloseTo(results.retrained[0].recovery[0].retrained, 10);
  }, 240_000);

  it('refuses a model that is not a detector and data without boxes, before training', async () => {
    await initTrainingBackend();
    await saveLayersModel(buildReferenceSegmenter({ height: 64, width: 64, channels: 3, classes: 4 }, 0, { baseFilters: 4 }), join(dir, 'segnet'));
    expectUserError(
      lv('retrain', '--task', 'detection', '--model', join(dir, 'segnet'), '--train', join(dir, 'train'), '--codec', 'jpeg:10', '--out', join(dir, 'never')),
      /segnet: Expected one CenterNet output \[batch, 64\/stride, 64\/stride, classes \+ 4\]/,
    );
    expectUserError(
      lv('retrain', '--task', 'detection', '--model', 'ref:centernet', '--train', 'demo/photos', '--test', join(dir, 'val'), '--codec', 'jpeg:10', '--out', join(dir, 'never')),
      /^lossyvision: demo\/photos: Expected detection training data with boxes and categories .* but folder data has no boxes$/,
    );
    expect(await stat(join(dir, 'never')).catch(() => undefined)).toBeUndefined();
  }, 120_000);
});
