import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { runActionSweep, type ActionSweepConfig } from '../../src/sweep/action-run.js';
import { storeResults } from '../../src/sweep/store.js';
import { studyTable } from '../../src/sweep/table.js';
import { linearMeanGraph } from '../models/adapters/video-graphs.js';
import { writeTwoStreamUcf } from './action-fixture.js';

let root: string;
let modelFile: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lossyvision-action-'));
  modelFile = await writeTwoStreamUcf(root);
}, 60_000);

describe('runActionSweep', () => {
  it('scores spatial, temporal and fusion per split under video and per-frame image codecs, from the cache on a rerun', async () => {
    const config: ActionSweepConfig = {
      data: root,
      model: modelFile,
      modelOptions: { intraOpNumThreads: 1 },
      conditions: [{ codec: 'h264', level: 23 }, { codec: 'jpeg', level: 50 }],
      clips: 2,
      cacheDir: join(root, 'cache'),
    };
    const result = await runActionSweep(config);
    expect(result.classes).toEqual(['right', 'down']);
    expect(result.splits).toEqual([1, 2]);
    // Each stream is a model of the plan: cells stream × condition, stream-major, pristine first.
    expect(result.cells.map((c) => `${c.cell.model} ${c.cell.condition.codec}`)).toEqual(
      ['spatial', 'temporal', 'fusion'].flatMap((s) => ['pristine', 'h264', 'jpeg'].map((c) => `${modelFile} · ${s} ${c}`)),
    );
    const cell = (stream: string, k: number) => result.cells[['spatial', 'temporal', 'fusion'].indexOf(stream) * 3 + k];
    const [pristine, h264, jpeg] = [0, 1, 2].map((k) => cell('spatial', k));
    expect(cell('temporal', 0).metrics.action.top1).toBe(1);
    // Split 2 holds the two videos whose tint agrees with the motion.
    expect(pristine.metrics.action).toMatchObject({ top1: 0.75, 'split1 top1': 0.5, 'split2 top1': 1 });
    expect(pristine.meanBpp).toBeNull();
    expect(cell('temporal', 1).metrics.action.top1).toBe(1);
    expect(h264.meanBpp).toBeGreaterThan(0);
    expect(h264.meanPsnr).toBeGreaterThan(28);
    expect([pristine.n, pristine.failures, h264.n, h264.failures]).toEqual([4, 1, 4, 1]);
    // JPEG on each sampled frame: its own bpp, the same videos.
    expect(jpeg.cell.condition).toMatchObject({ codec: 'jpeg', level: 50 });
    expect(jpeg.meanBpp).toBeGreaterThan(0);
    expect([jpeg.n, jpeg.failures]).toEqual([4, 1]);
    // The unreadable video fails in every cell: 3 streams × 3 conditions.
    expect(result.failures).toHaveLength(9);
    expect(result.failures[0]).toMatchObject({ sampleId: 'right/v_right_g03_c01.mkv', model: `${modelFile} · spatial`, condition: 'pristine' });
    expect(result.stats.computed).toBe(12);

    const again = await runActionSweep(config);
    expect(again.stats).toMatchObject({ computed: 0, cached: 12 });
    expect(again.cells.map((c) => c.metrics)).toEqual(result.cells.map((c) => c.metrics));

    const table = studyTable(result);
    expect(table.columns).toEqual(['top1', 'top5', 'split1 top1', 'split1 top5', 'split2 top1', 'split2 top5']);
    expect(table.rows.map((r) => `${r.model} ${r.codec}`)).toEqual(
      ['spatial', 'temporal', 'fusion'].flatMap((s) => ['pristine', 'h264', 'jpeg'].map((c) => `${modelFile} · ${s} ${c}`)),
    );
    const out = join(root, 'out');
    const files = await storeResults(result, out);
    expect(readFileSync(files.table.markdown, 'utf8')).toMatch(/two-stream\.json · spatial \| h264 \| 23 \| 0\.750 \| 1\.000 \| 0\.500 \| 1\.000 \| 1\.000 \| 1\.000 \| \d\.\d{3} \|/m);
    // The cached rerun (another invocation, another date, other threads) is the same experiment: its rows replace the first's.
    await storeResults(await runActionSweep({ ...config, modelOptions: { intraOpNumThreads: 2 } }), out);

    const instance = await DuckDBInstance.create(files.database);
    const db = await instance.connect();
    try {
      const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson();
      expect(await rows('SELECT count(*)::INT AS n FROM runs')).toEqual([{ n: 1 }]);
      const run = (await rows('SELECT ground_truth, samples, provenance FROM runs'))[0];
      expect([run.ground_truth, run.samples]).toEqual(['dataset labels', 5]);
      expect(JSON.parse(run.provenance as string)).toMatchObject({ config: { task: 'action' }, dataset: { format: 'ucf101', size: 5 }, codecs: { h264: { encoder: 'libx264' } } });
      const cells = await rows('SELECT model, codec, level, n, failures, mean_bpp, mean_psnr FROM cells ORDER BY position');
      expect(cells.map((c) => [c.model, c.codec, c.level, c.n, c.failures])).toEqual(
        ['spatial', 'temporal', 'fusion'].flatMap((s) => [
          [`${modelFile} · ${s}`, 'pristine', null, 4, 1],
          [`${modelFile} · ${s}`, 'h264', 23, 4, 1],
          [`${modelFile} · ${s}`, 'jpeg', 50, 4, 1],
        ]),
      );
      expect(Number(cells[1].mean_bpp)).toBeCloseTo(h264.meanBpp!, 12);
      expect(Number(cells[1].mean_psnr)).toBeCloseTo(h264.meanPsnr!, 12);
      // One tidy row per stream × level × value: mean top-1/top-5 and each of the two splits'.
      expect(await rows('SELECT count(*)::INT AS n FROM metrics')).toEqual([{ n: 9 * 6 }]);
      const metric = async (model: string, codec: string, name: string) =>
        Number((await rows(`SELECT value FROM metrics WHERE family = 'action' AND model = '${modelFile} · ${model}' AND codec = '${codec}' AND metric = '${name}'`))[0].value);
      expect(await metric('spatial', 'pristine', 'top1')).toBe(0.75);
      expect(await metric('spatial', 'pristine', 'split1 top1')).toBe(0.5);
      expect(await metric('temporal', 'h264', 'top1')).toBe(1);
      // Per video × stream × level, each a one-video action state: what the report's bootstrap resamples.
      expect(await rows("SELECT count(*)::INT AS n, count(DISTINCT sample)::INT AS videos FROM sample_metrics WHERE family = 'action'")).toEqual([{ n: 4 * 9, videos: 4 }]);
      const state = await rows(`SELECT CAST(state AS VARCHAR) AS state FROM sample_metrics WHERE model = '${modelFile} · temporal' AND codec = 'pristine' AND sample = 'right/v_right_g01_c01.mkv'`);
      expect(JSON.parse(state[0].state as string)).toEqual({ splits: { '1': { counts: { right: [1, 1, 1] } }, '2': { counts: { right: [1, 1, 1] } } } });
      // The unreadable video failed under every level, once per stream.
      expect(await rows("SELECT count(*)::INT AS n FROM failures WHERE sample = 'right/v_right_g03_c01.mkv'")).toEqual([{ n: 9 }]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
    const csv = readFileSync(files.results.csv, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 9 * 6);
    expect(csv).toContain(`${modelFile} · temporal,${result.model.hash},pristine,,action,top1,1.0,,,,4,1,dataset labels`);
    expect(readFileSync(files.failures, 'utf8').trim().split('\n')).toHaveLength(1 + 9);
  }, 120_000);

  it('records a model whose scores do not match the classes as failed videos, and refuses missing classes', async () => {
    writeFileSync(join(root, 'three.onnx'), linearMeanGraph([1, 3, 2, 32, 32], [2, 3, 4], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]));
    const base = { data: root, conditions: [], cacheDir: join(root, 'cache3'), maxVideos: 2, modelOptions: { intraOpNumThreads: 1 } };
    const result = await runActionSweep({ ...base, model: join(root, 'three.onnx') });
    expect(result.cells[0]).toMatchObject({ n: 0, failures: 2 });
    expect(result.failures[0].reason).toContain('Expected 2 class scores (one per class) from the rgb stream but received 3');
    writeFileSync(join(root, 'three.json'), JSON.stringify({ model: 'three.onnx', classes: ['right', 'up', 'left'] }));
    await expect(runActionSweep({ ...base, model: join(root, 'three.json') })).rejects.toThrow("Expected the model's classes to include every dataset class but down are missing");
  }, 60_000);
});
