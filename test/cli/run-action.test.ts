import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanAbsDiff, readVisualEvidence } from '../report/panels.js';
import { writeTwoStreamUcf } from '../sweep/action-fixture.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
// Not a terminal: progress comes as heartbeat lines, here every 0.2 s.
const nodeWithHeartbeat = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LOSSYVISION_HEARTBEAT_S: '0.2' } });
const STREAMS = ['spatial', 'temporal', 'fusion'];

let dir: string;
let model: string;
let results: string;
let runOut: string;
let runErr: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lv-run-action-'));
  model = await writeTwoStreamUcf(join(dir, 'data'));
  results = join(dir, 'results');
  const run = (...extra: string[]) => nodeWithHeartbeat('run', '--task', 'action', '--model', model, '--data', join(dir, 'data'), '--codec', 'h264:23,51', '--codec', 'jpeg:50', '--clips', '2', '--out', results, ...extra);
  const first = run();
  expect(first.status, first.stderr).toBe(0);
  runOut = first.stdout;
  runErr = first.stderr;
  // The same command again (other threads: they do not change the numbers) must replace the run, not add one.
  const second = run('--threads', '1');
  expect(second.status, second.stderr).toBe(0);
  expect(second.stdout).toContain('(0 computed, 16 from the cache)');
  const report = node('report', results);
  expect(report.status, report.stderr).toBe(0);
}, 180_000);

describe('lossyvision run --task action', () => {
  it('shows progress in videos (heartbeat lines in a log)', () => {
    expect(runErr).toMatch(/^lossyvision: progress: \d+\/\d+ videos, /m);
  });

  it('stores every stream as its own model in results.duckdb, once however often it is run', async () => {
    expect(runOut).toContain(`results: ${join(results, 'results.duckdb')}`);
    const instance = await DuckDBInstance.create(join(results, 'results.duckdb'), { access_mode: 'READ_ONLY' });
    const db = await instance.connect();
    try {
      const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson();
      expect(await rows('SELECT count(*)::INT AS n FROM runs')).toEqual([{ n: 1 }]);
      const cells = await rows('SELECT model, codec, level FROM cells ORDER BY position');
      expect(cells.map((c) => `${c.model} ${c.codec} ${c.level}`)).toEqual(STREAMS.flatMap((s) => ['pristine null', 'h264 23', 'h264 51', 'jpeg 50'].map((l) => `${model} · ${s} ${l}`)));
      expect(await rows("SELECT count(*)::INT AS n FROM metrics WHERE family = 'action'")).toEqual([{ n: 12 * 6 }]);
      expect(await rows('SELECT count(*)::INT AS n FROM sample_metrics')).toEqual([{ n: 12 * 4 }]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  it('gives `lossyvision report` a table per stream, the safe level with a bootstrap interval, curves and BD-rate', async () => {
    const md = await readFile(join(results, 'report', 'tables.md'), 'utf8');
    for (const s of STREAMS) expect(md).toContain(`### action · ${model} · ${s}`);
    expect(md).toMatch(/^\| codec \| level \| top1 \| top5 \| split1 top1 \| split1 top5 \| split2 top1 \| split2 top5 \| bpp \| PSNR \(dB\) \| SSIM \| n \| failures \| safe \|$/m);
    // The temporal stream reads the motion every video is labelled by: right at every level.
    const temporal = md.slice(md.indexOf(`· temporal`));
    expect(temporal).toMatch(/^\| pristine \| – \| 1\.000 \| 1\.000 \| 1\.000 \| 1\.000 \| 1\.000 \| 1\.000 \| – \| – \| – \| 4 \| 1 \|/m);
    const analysis = JSON.parse(await readFile(join(results, 'report', 'analysis.json'), 'utf8')) as {
      models: { model: string; metric: string; ci: string; codecs: { codec: string; safe: number | null; safeInterval: unknown; bd?: unknown; levels: { changeInterval: unknown }[] }[] }[];
    };
    expect(analysis.models.map((m) => m.model)).toEqual(STREAMS.map((s) => `${model} · ${s}`));
    for (const m of analysis.models) {
      expect(m.metric).toBe('action/top1');
      expect(m.ci).toMatch(/^bootstrap 95 % CI over 4 samples/);
      expect(m.codecs[0].safeInterval).toMatchObject({ replicates: 1000, confidence: 0.95 });
      expect(m.codecs[0].levels.every((l) => Array.isArray(l.changeInterval))).toBe(true);
    }
    const temporalH264 = analysis.models[1].codecs[0];
    expect([temporalH264.codec, temporalH264.safe]).toEqual(['h264', 51]);
    expect(temporalH264.safeInterval).toMatchObject({ mildest: 51, harshest: 51 });
    // BD-rate of h264 against jpeg (the default reference) is computed; flat curves have no rate difference to report.
    expect(temporalH264.bd).toMatchObject({ ok: false, reason: 'each curve needs at least two points with distinct metric values' });
    // JPEG quality and H.264 CRF never share a level axis: one level chart per scale.
    for (const id of ['metric-vs-quality', 'metric-vs-crf', 'metric-vs-bpp', 'psnr-vs-bpp']) expect(await readFile(join(results, 'report', `${id}.svg`), 'utf8')).toMatch(/^<svg/);
    const crfChart = await readFile(join(results, 'report', 'metric-vs-crf.svg'), 'utf8');
    expect(crfChart).toContain('CRF (H.264/H.265/VP9/AV1; higher = more compressed)');
    expect(crfChart).not.toContain('· jpeg');
  });

  it('draws the middle frame of the middle clip for every stream and codec, worst level first, with the top classes listed', async () => {
    const { notes, samples } = await readVisualEvidence(await readFile(join(results, 'report', 'report.html'), 'utf8'));
    expect(notes.join('\n')).not.toMatch(/unavailable|cannot/);
    for (const stream of STREAMS) {
      for (const [codec, labels] of [['h264', ['pristine', 'h264 51', 'h264 23']], ['jpeg', ['pristine', 'jpeg 50']]] as const) {
        const shown = samples.filter((s) => s.why.startsWith(`${model} · ${stream} · `) && s.panels[1]?.label === labels[1]);
        // Three of the four readable videos (the unreadable one has nothing cached), ranked by the stream's own drop.
        expect(shown, `${stream} ${codec}`).toHaveLength(3);
        for (const s of shown) {
          expect(s.id).toMatch(/^(right|down)\/v_(right|down)_g0[12]_c01\.mkv$/);
          expect(s.why).toMatch(/top-1 (kept|changed)/);
          expect(s.panels.map((p) => p.label)).toEqual(labels);
          // 32 × 32 frames are enlarged to 256 px so the class list stays legible; the levels' pixels differ.
          expect(s.panels[0].image.width).toBe(256);
          expect(s.panels[0].caption).toMatch(/top-1 (right|down) [01]\.\d\d/);
          expect(meanAbsDiff(s.panels[0].image, s.panels[1].image)).toBeGreaterThan(1);
        }
      }
    }
    // The temporal stream at CRF 51 loses most of its confidence in the true class: the worst hit leads.
    const temporal = samples.find((s) => s.why.startsWith(`${model} · temporal · `))!;
    expect(temporal.why).toMatch(/p\((right|down)\) 0\.99\d → 0\.\d+ at h264 51$/);
  });
});
