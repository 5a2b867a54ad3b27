import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTexturedShapes } from '../../src/datasets/synthetic/textured-shapes.js';
import { expectUserError, lv, root } from '../cli/lv.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const models = ['zoo:centernet', 'zoo:nanodet'];
const experiments = [
  { name: 'jpeg', codec: 'jpeg:50,10' },
  { name: 'webp', codec: 'webp:50,10' },
];

describe('lossyvision study', () => {
  const dirs: string[] = [];
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-study-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('resumes after kill -9 without redoing finished experiments, and gives the tables of the separate run commands', { timeout: 240_000 }, async () => {
    const dir = await tempDir();
    const file = join(dir, 'study.json');
    const study = {
      name: 'two detectors, two codecs',
      defaults: { task: 'detection', data: join(root, 'demo/photos'), models, workers: 1 },
      experiments: experiments.map((e) => ({ name: e.name, codecs: [e.codec] })),
    };
    await writeFile(file, JSON.stringify(study, null, 2));
    const out = join(dir, 'out');

    // Killed as soon as the first experiment is recorded finished: the second is under way.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'study', file, '--out', out, '--no-progress'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    const state = join(out, 'study-state.json');
    const deadline = Date.now() + 180_000;
    while (!(existsSync(state) && (await readFile(state, 'utf8')).includes('"jpeg"')) && Date.now() < deadline) await sleep(100);
    child.kill('SIGKILL');
    expect(await exited, stderr).toBe('SIGKILL');
    const recorded = JSON.parse(await readFile(state, 'utf8')) as { experiments: Record<string, unknown> };
    expect(Object.keys(recorded.experiments)).toEqual(['jpeg']);
    expect(existsSync(join(out, 'webp', 'table.json'))).toBe(false);
    const firstTable = await stat(join(out, 'jpeg', 'table.json'));

    const rerun = lv('study', file, '--out', out, '--no-progress');
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/## jpeg \(detection, finished by an earlier run, not redone\)/);
    expect(rerun.stdout).toMatch(/## webp \(detection, \d+\.\d s\)/);
    // Finished work is not touched: the first experiment's files are as the killed run left them.
    expect((await stat(join(out, 'jpeg', 'table.json'))).mtimeMs).toBe(firstTable.mtimeMs);
    const finished = JSON.parse(await readFile(state, 'utf8')) as { experiments: Record<string, unknown> };
    expect(Object.keys(finished.experiments).sort()).toEqual(['jpeg', 'webp']);
    const provenance = JSON.parse(await readFile(join(out, 'study.json'), 'utf8')) as { source: string; sha256: string; text: string };
    expect(provenance).toMatchObject({ source: file, text: JSON.stringify(study, null, 2) });
    expect(provenance.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The same tables, to the byte, as each experiment run on its own.
    for (const e of experiments) {
      const alone = join(dir, `alone-${e.name}`);
      const r = lv('run', '--task', 'detection', '--data', join(root, 'demo/photos'), ...models.flatMap((m) => ['--model', m]), '--codec', e.codec, '--workers', '1', '--out', alone, '--no-progress');
      expect(r.status, r.stderr).toBe(0);
      for (const name of ['table.json', 'results.json', 'table.md']) expect(await readFile(join(out, e.name, name), 'utf8'), `${e.name}/${name}`).toBe(await readFile(join(alone, name), 'utf8'));
    }

    // The front page: each model's AP at each level as a fraction of its pristine AP, from the tables.
    expect(rerun.stdout).toContain(`report: ${join(out, 'report.html')}`);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { levels: string[]; loss: { experiment: string; model: string; fractions: Record<string, number> }[]; ranking: Record<string, { model: string }[]> };
    expect(summary.levels).toEqual(['jpeg:50', 'jpeg:10', 'webp:50', 'webp:10']);
    for (const e of experiments) {
      const rows = (JSON.parse(await readFile(join(out, e.name, 'table.json'), 'utf8')) as { rows: { model: string; codec: string; level: number | null; metrics: { AP: number } }[] }).rows;
      for (const model of models) {
        const pristine = rows.find((r) => r.model === model && r.level === null)!.metrics.AP;
        const expected = Object.fromEntries(rows.filter((r) => r.model === model && r.level !== null).map((r) => [`${r.codec}:${r.level}`, r.metrics.AP / pristine]));
        expect(summary.loss.find((r) => r.experiment === e.name && r.model === model)?.fractions).toEqual(expected);
      }
      expect(existsSync(join(out, e.name, 'report', 'report.html'))).toBe(true);
    }
    expect(Object.keys(summary.ranking)).toEqual(['jpeg', 'webp']);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('href="jpeg/report/report.html"');
    expect(html).toContain((JSON.parse(await readFile(join(out, 'study.json'), 'utf8')) as { sha256: string }).sha256);

    // A third run has nothing to do.
    const again = lv('study', file, '--out', out, '--no-progress', '--only', 'webp');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/## webp \(detection, finished by an earlier run, not redone\)/);
    expect(again.stdout).not.toMatch(/## jpeg/);
  });

  it('--dry-run probes retraining too: each phase estimated from a few batches, nothing written to the study', { timeout: 240_000 }, async () => {
    const dir = await tempDir();
    await writeTexturedShapes({ out: join(dir, 'train'), count: 12, seed: 1 });
    await writeTexturedShapes({ out: join(dir, 'test'), count: 4, seed: 2 });
    const file = join(dir, 'study.json');
    await writeFile(file, JSON.stringify({
      name: 'tiny retraining',
      experiments: [{
        name: 'seg', task: 'segmentation', models: ['ref:segnet'], data: join(dir, 'test'), codecs: ['jpeg:50', 'h264:40'],
        retrain: { model: 'ref:segnet', train: join(dir, 'train'), epochs: 2, pretrainEpochs: 3, batchSize: 4, control: true, codecs: ['jpeg:5'] },
      }],
    }));
    const out = join(dir, 'out');
    const r = lv('study', file, '--out', out, '--dry-run');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('levels: jpeg:50 h264:40');
    expect(r.stdout).toContain('size: 4 samples × 9 cells = 36 steps; retraining: 2 models × 2 epochs');
    const line = /estimate: ([\d.]+) s \(probe: 2 training batches per model, 2 test samples, empty cache\): pre-training ([\d.]+) s \(skipped when the study's cache has the model\), fine-tuning ([\d.]+) s \(2 × 2 epochs × 12 samples\), validation 0\.0 s \(0 samples an epoch\), testing ([\d.]+) s \(([\d.]+) s per test sample\), start-up ([\d.]+) s/.exec(r.stdout);
    expect(line, r.stdout).not.toBeNull();
    const [total, pretrain, fineTune, testing, perSample, startup] = line!.slice(1).map(Number);
    expect(pretrain).toBeGreaterThan(0);
    expect(fineTune).toBeGreaterThan(0);
    expect(testing).toBeCloseTo(4 * perSample, 0);
    // The total is the phases' sum (each printed to 0.1 s).
    expect(Math.abs(total - (pretrain + fineTune + testing + startup))).toBeLessThan(0.3);
    expect(r.stdout).toMatch(/estimated total: [\d.]+ (s|min) \(a rerun/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a bad study file naming the key, and an unknown --only naming the experiments', async () => {
    const dir = await tempDir();
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ defaults: { task: 'detection', data: join(root, 'demo/photos') }, experiments: [{ name: 'a', models, codecs: ['jpeg:500'] }] }));
    expectUserError(lv('study', file, '--out', join(dir, 'out')), /bad\.json: experiments\[0\]\.codecs\[0\]: Expected integer between 1 and 100 for quality but received 500/);
    await writeFile(file, JSON.stringify({ defaults: { task: 'detection', data: join(root, 'demo/photos') }, experiments: [{ name: 'a', models, codecs: ['jpeg:50'] }] }));
    expectUserError(lv('study', file, '--out', join(dir, 'out'), '--only', 'b'), /Unknown experiment "b", expected one of: a/);
    expectUserError(lv('study', '--out', join(dir, 'out')), /Expected a study file or --preset paper \(one of them\)$/);
    expectUserError(lv('study', '--preset', 'icpr', '--out', join(dir, 'out')), /Expected one of: paper for preset but received "icpr"/);
    expectUserError(lv('study', '--preset', 'paper', '--budget', 'huge', '--out', join(dir, 'out')), /Expected one of: small, full for budget but received "huge"/);
  });
});
