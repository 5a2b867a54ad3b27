import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReferenceClassifier } from '../../src/retrain/architectures/classifier.js';
import { saveLayersModel } from '../../src/models/layers/io.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { lv, expectUserError } from './lv.js';

describe('lossyvision retrain', () => {
  it('pre-trains, fine-tunes a control and a JPEG copy, prints recovery, and writes a sweep folder that report pairs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-retrain-'));
    const out = join(dir, 'out');
    const r = lv(
      'retrain', '--model', 'ref:fashion-cnn', '--train', 'builtin:fashion-mnist:train', '--test', 'builtin:fashion-mnist:test',
      '--max-train', '300', '--max-test', '60', '--epochs', '1', '--pretrain-epochs', '1', '--codec', 'jpeg:10', '--test-codec', 'jpeg:10,1',
      '--control', '--cache', join(dir, 'cache'), '--out', out,
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('model ref:fashion-cnn · metric top-1 accuracy · test builtin:fashion-mnist:test (n 60)');
    expect(lines[1]).toMatch(/^condition +bpp +n +pre-trained +control +retrained jpeg:10 +gain +gap closed +study recovery +gain vs control +gap closed vs control +study recovery vs control$/);
    expect(lines[3]).toMatch(/^pristine +— +60 +0\.\d{4} +0\.\d{4} +0\.\d{4} /);
    expect(lines[5]).toMatch(/^jpeg:1 +\d\.\d{3} +60 /);
    expect(r.stdout).toContain(`sweep results: ${join(out, 'sweep')}`);
    // The verdict in words and the report, written by default as `run` writes it.
    // Models by the names people read (provenance `name`), not their cache folders.
    expect(r.stdout).toMatch(/^verdict\nref:fashion-cnn pre-trained: top1 \d\.\d{3} on pristine data/m);
    expect(r.stdout).toMatch(/^ref:fashion-cnn control \(pristine\): top1 \d\.\d{3} on pristine data/m);
    expect(r.stdout).toContain(`report: ${join(out, 'sweep', 'report', 'report.html')}`);
    expect((await stat(join(out, 'sweep', 'report', 'report.html'))).size).toBeGreaterThan(0);

    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      control: { history: unknown[] }; retrained: { history: unknown[]; recovery: { condition: string; retrained: number; control: number }[] }[];
    };
    expect(results.control.history).toHaveLength(1);
    expect(results.retrained[0].history).toHaveLength(1);
    // The sweep engine scored the same 60 samples as the in-memory evaluation: same top-1.
    const tidy = (await readFile(join(out, 'sweep', 'results.csv'), 'utf8')).trim().split('\n');
    const top1 = tidy.filter((l) => l.includes('jpeg_10') && l.includes(',top1,') && l.includes(',pristine,'));
    expect(top1).toHaveLength(1);
    expect(Number(top1[0].split(',')[6])).toBeCloseTo(results.retrained[0].recovery[0].retrained, 10);

    // The sweep's per-sample cache only serves a resume and is removed once the scores are stored.
    expect(await stat(join(out, 'sweep', 'cache')).catch(() => undefined)).toBeUndefined();
    const report = lv('report', join(out, 'sweep'), '--out', join(dir, 'report'));
    expect(report.status, report.stderr).toBe(0);
    const tables = await readFile(join(dir, 'report', 'tables.md'), 'utf8');
    expect(tables).toMatch(/\| top1 retrained \| relative gain \| gap closed \|/);
  }, 120_000);

  it('refuses unlabelled training data before training', () => {
    expectUserError(
      lv('retrain', '--model', 'ref:fashion-cnn', '--train', 'demo/photos', '--test', 'builtin:fashion-mnist:test', '--codec', 'jpeg:10', '--out', join(tmpdir(), 'lv-never')),
      /^lossyvision: demo\/photos: Expected labelled training data .* but folder data has no labels/,
    );
  }, 60_000);

  it('refuses a model that cannot be trained, and one whose outputs do not match the labels', async () => {
    const onnx = lv('retrain', '--model', 'test/fixtures/none.onnx', '--train', 'builtin:fashion-mnist:train', '--codec', 'jpeg:10', '--out', join(tmpdir(), 'lv-never'));
    expectUserError(onnx, /^lossyvision: test\/fixtures\/none\.onnx: an ONNX model .*lossyvision export/);

    await initTrainingBackend();
    const dir = await mkdtemp(join(tmpdir(), 'lv-retrain-3-'));
    await saveLayersModel(buildReferenceClassifier({ height: 28, width: 28, channels: 1, classes: 3 }, 0), join(dir, 'three'));
    const mismatch = lv(
      'retrain', '--model', join(dir, 'three'), '--train', 'builtin:fashion-mnist:train', '--test', 'builtin:fashion-mnist:test',
      '--max-train', '50', '--max-test', '10', '--codec', 'jpeg:10', '--out', join(dir, 'out'),
    );
    expectUserError(mismatch, /Expected labels matching the model's 3 outputs but builtin:fashion-mnist:train has 10 classes/);
    expect(await stat(join(dir, 'out', 'jpeg_10')).catch(() => undefined)).toBeUndefined();
  }, 60_000);

  it('checks its flags with the house template', () => {
    const r = lv('retrain', '--model', 'ref:fashion-cnn', '--train', 'builtin:fashion-mnist:train', '--codec', 'jpeg:10', '--epochs', '0');
    expectUserError(r, /^lossyvision: Expected integer of at least 1 for --epochs but received 0 of type number$/);
    const none = lv('retrain', '--model', 'ref:fashion-cnn', '--train', 'builtin:fashion-mnist:train');
    expectUserError(none, /Expected --codec \(e\.g\. jpeg:10/);
  });
});
