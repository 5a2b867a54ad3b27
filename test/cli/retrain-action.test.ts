import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMovingObjects } from '../../src/datasets/synthetic/moving-objects.js';
import { writeTexturedShapes } from '../../src/datasets/synthetic/textured-shapes.js';
import { lv, expectUserError } from './lv.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lv-retrain-action-'));
  await writeMovingObjects({ out: join(dir, 'motion'), train: 16, test: 8, seed: 2, size: 16, frames: 4 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lossyvision retrain --task action', () => {
  it('pre-trains ref:two-stream, fine-tunes a control and an H.264 copy, prints top-1 recovery, and sweeps the models for report and run', async () => {
    const data = join(dir, 'motion');
    const out = join(dir, 'out');
    const r = lv('retrain', '--task', 'action', '--model', 'ref:two-stream', '--train', data, '--test', data, '--codec', 'h264:40', '--test-codec', 'h264:30,45',
      '--control', '--epochs', '1', '--pretrain-epochs', '1', '--batch-size', '8', '--cache', join(dir, 'cache'), '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/pre-training ref:two-stream on pristine .*motion \(16 images, 1 epochs\)/);
    expect(r.stderr).toMatch(/h264:40 epoch 1: loss \d\.\d{4} \(16 images/);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`model ref:two-stream · metric top-1 accuracy (videos) · test ${data} (n 8)`);
    expect(lines[1]).toMatch(/^condition +bpp +n +pre-trained +control +retrained h264:40 +gain +gap closed/);
    expect(lines[3]).toMatch(/^pristine +— +8 +0\.\d{4}|1\.0000 /);
    expect(lines[4]).toMatch(/^h264:30 +\d\.\d{3} +8 /);
    expect(lines[5]).toMatch(/^h264:45 +\d\.\d{3} +8 /);

    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      task: string; metric: string; conditions: { label: string; bpp: number | null }[];
      pretrained: { values: Record<string, number> }; control: { scores: { values: Record<string, number> } };
      retrained: { trainedOn: string; modelDir: string; scores: { values: Record<string, number> } }[];
    };
    expect([results.task, results.metric]).toEqual(['action', 'top1']);
    expect(results.conditions.map((c) => c.label)).toEqual(['pristine', 'h264:30', 'h264:45']);
    // Lower CRF, more bits.
    expect(results.conditions[1].bpp!).toBeGreaterThan(results.conditions[2].bpp!);
    expect(Object.keys(results.pretrained.values)).toEqual(['pristine', 'h264:30', 'h264:45']);
    expect(results.retrained[0].trainedOn).toBe('h264:40');

    // The action sweep engine scored the same 8 videos the same way: the same fused top-1.
    const fusedTop1 = async (csv: string, model: string): Promise<number> => {
      const [head, ...rows] = (await readFile(csv, 'utf8')).trim().split('\n').map((l) => l.split(','));
      const at = (name: string): number => head.indexOf(name);
      const row = rows.find((c) => c[at('model')] === `${model} · fusion` && c[at('codec')] === 'h264' && Number(c[at('level')]) === 45 && c[at('metric')] === 'top1');
      expect(row, `${model} in ${csv}`).toBeDefined();
      return Number(row![at('value')]);
    };
    const retrainedDir = results.retrained[0].modelDir;
    expect(await fusedTop1(join(out, 'sweep', 'results.csv'), retrainedDir)).toBeCloseTo(results.retrained[0].scores.values['h264:45'], 10);

    // `run --task action` loads the retrained Layers model like any action model, with the same result.
    const rerun = lv('run', '--task', 'action', '--model', retrainedDir, '--data', data, '--codec', 'h264:45', '--out', join(dir, 'rerun'));
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/· fusion/);
    expect(await fusedTop1(join(dir, 'rerun', 'results.csv'), retrainedDir)).toBeCloseTo(results.retrained[0].scores.values['h264:45'], 10);

    const report = lv('report', join(out, 'sweep'), '--out', join(dir, 'report'));
    expect(report.status, report.stderr).toBe(0);
    expect(await readFile(join(dir, 'report', 'tables.md'), 'utf8')).toMatch(/top1 retrained/);
  }, 300_000);

  it('refuses image codecs, image data and a wrong reference model before training', async () => {
    const data = join(dir, 'motion');
    expectUserError(lv('retrain', '--task', 'action', '--model', 'ref:two-stream', '--train', data, '--codec', 'jpeg:10'),
      /Expected a video codec \(h264, h265, vp9, av1\) for training on video clips but received the image codec jpeg/);
    expectUserError(lv('retrain', '--task', 'segmentation', '--model', 'ref:segnet', '--train', data, '--codec', 'vp9:40'),
      /Expected an image codec for training but received the video codec vp9/);
    await writeTexturedShapes({ out: join(dir, 'shapes'), count: 2, seed: 1 });
    expectUserError(lv('retrain', '--task', 'action', '--model', 'ref:two-stream', '--train', join(dir, 'shapes'), '--codec', 'h264:40', '--out', join(dir, 'never')),
      /shapes: Expected classInd\.txt in the folder or in ucfTrainTestlist\/ \(UCF101 layout\)/);
  }, 60_000);
});
