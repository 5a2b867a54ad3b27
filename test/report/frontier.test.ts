import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { settingCodec, settingLabel } from '../../src/codecs/levels.js';
import { analyse } from '../../src/report/analysis.js';
import { describeFrontier, modelFrontier, paretoFrontier } from '../../src/report/frontier.js';
import { loadResults } from '../../src/report/load.js';
import { writeReport } from '../../src/report/report.js';
import { runSweep } from '../../src/sweep/run.js';
import { storeResults } from '../../src/sweep/store.js';
import { constructedResults } from './constructed-results.js';

const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));

describe('rate–accuracy frontier', () => {
  it('keeps the points no cheaper point matches (by hand)', () => {
    const p = (codec: string, level: number, bpp: number, value: number) => ({ codec, level, bpp, kbps: null, value });
    const points = [p('jpeg', 50, 1, 0.8), p('jpeg', 10, 0.3, 0.5), p('webp', 50, 0.8, 0.82), p('webp', 10, 0.25, 0.4), p('jpeg', 90, 2, 0.83)];
    // By bpp: webp 10 (0.40) kept, jpeg 10 (0.50) kept, webp 50 (0.82) kept, jpeg 50 (0.80) beaten by webp 50, jpeg 90 (0.83) kept.
    expect(paretoFrontier(points, 'higher').map((x) => `${x.codec}:${x.level}`)).toEqual(['webp:10', 'jpeg:10', 'webp:50', 'jpeg:90']);
    // An error metric (lower is better): with values as errors the cheapest point leads, then only lower errors.
    expect(paretoFrontier(points, 'lower').map((x) => `${x.codec}:${x.level}`)).toEqual(['webp:10']);
  });

  it('names settings by their non-default parameters', () => {
    expect(settingLabel('jpeg', { chroma: '420' })).toBe('jpeg');
    expect(settingLabel('jpeg', { chroma: '444' })).toBe('jpeg@chroma=444');
    expect(settingCodec('jpeg@chroma=444')).toBe('jpeg');
    expect(settingLabel('pristine')).toBe('pristine');
  });

  it('compares every setting with the study default by BD-rate, and says which saves most', async () => {
    // AP over 20 samples = detected fraction. webp reaches jpeg's accuracy with fewer bits.
    const dir = await constructedResults([
      { codec: 'pristine', level: null, right: 20, bpp: null },
      { codec: 'jpeg', level: 90, right: 20, bpp: 2 },
      { codec: 'jpeg', level: 50, right: 16, bpp: 1 },
      { codec: 'jpeg', level: 10, right: 8, bpp: 0.5 },
      { codec: 'webp', level: 80, right: 20, bpp: 1 },
      { codec: 'webp', level: 40, right: 16, bpp: 0.5 },
      { codec: 'webp', level: 10, right: 8, bpp: 0.25 },
    ]);
    const analysis = await analyse(await loadResults(dir), { bootstrap: { replicates: 10 } });
    const f = modelFrontier(analysis.models[0]);
    expect(f.default).toBe('jpeg');
    // webp is jpeg at half the bits at every accuracy: the frontier is webp's, and BD-rate is exactly −50 %.
    expect(f.points.map((p) => `${p.codec}:${p.level}`)).toEqual(['webp:10', 'webp:40', 'webp:80']);
    const webp = f.settings.find((s) => s.codec === 'webp')!;
    expect(webp.bdRatePercent).toBeCloseTo(-50, 9);
    expect(webp.onFrontier).toBe(3);
    expect(f.best?.codec).toBe('webp');
    expect(f.best?.savedPercent).toBeCloseTo(50, 9);
    expect(describeFrontier(f)).toMatch(/^det: 3 points on the frontier, from webp\. webp saves 50\.0 % of the bytes of jpeg at equal coco-bbox\/AP/);
  });

  it('a real sweep with two JPEG settings stores them as two curves and the report writes analysis.json "frontier"', async () => {
    const photos = fileURLToPath(new URL('../../demo/photos/', import.meta.url));
    const out = await mkdtemp(join(tmpdir(), 'lv-frontier-out-'));
    const result = await runSweep({
      task: 'detection',
      data: photos,
      models: ['grid'],
      conditions: [
        { codec: 'jpeg', level: 50, params: { chroma: '420' } },
        { codec: 'jpeg', level: 10, params: { chroma: '420' } },
        { codec: 'jpeg', level: 50, params: { chroma: '444' } },
        { codec: 'jpeg', level: 10, params: { chroma: '444' } },
      ],
      maxSamples: 2,
      seed: 0,
      referenceThreshold: 0.5,
      workers: 1,
      cacheDir: await mkdtemp(join(tmpdir(), 'lv-frontier-cache-')),
      modelLoader: gridModel,
    });
    await storeResults(result, out);
    const loaded = await loadResults(out);
    expect(loaded.cells.map((c) => `${c.codec}:${c.level}`)).toEqual(['pristine:null', 'jpeg:50', 'jpeg:10', 'jpeg@chroma=444:50', 'jpeg@chroma=444:10']);
    const [q50, q444] = [loaded.cells[1], loaded.cells[3]];
    expect(q444.bpp).toBeGreaterThan(q50.bpp!); // full-resolution chroma costs bits
    const files = await writeReport(out, { visuals: { samples: 0 }, bootstrap: { replicates: 20 } });
    const json = JSON.parse(await readFile(files.analysis, 'utf8')) as { frontier: { default: string; settings: { codec: string }[]; points: unknown[] }[] };
    expect(json.frontier[0].default).toBe('jpeg');
    expect(json.frontier[0].settings.map((s) => s.codec)).toEqual(['jpeg', 'jpeg@chroma=444']);
    expect(json.frontier[0].points.length).toBeGreaterThan(0);
    expect(await readFile(files.html, 'utf8')).toContain('<h2>Rate–accuracy frontier</h2>');
  });

  it('a real video sweep with two settings of one video codec: each frontier point carries its own setting\'s kbps', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lv-frontier-video-'));
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--model', 'zoo:centernet', '--data', 'demo/video', '--codec', 'h264:30,45', '--codec', 'h264:30,45@preset=ultrafast', '--max-frames', '3', '--out', out, '--no-progress'],
      { cwd: fileURLToPath(new URL('../../', import.meta.url)), encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const streams = JSON.parse(await readFile(join(out, 'streams.json'), 'utf8')) as { setting: string; level: number; kbps: number }[];
    expect(streams.map((s) => `${s.setting}:${s.level}`)).toEqual(['h264:30', 'h264:45', 'h264@preset=ultrafast:30', 'h264@preset=ultrafast:45']);
    const kbps = new Map(streams.map((s) => [`${s.setting}:${s.level}`, s.kbps]));
    // ultrafast spends more bits at the same CRF: the settings' rates differ, so mixing them would be wrong.
    expect(kbps.get('h264@preset=ultrafast:30')).toBeGreaterThan(kbps.get('h264:30')!);
    const files = await writeReport(out, { visuals: { samples: 0 }, bootstrap: { replicates: 20 } });
    const json = JSON.parse(await readFile(files.analysis, 'utf8')) as { frontier: { points: { codec: string; level: number; kbps: number | null }[] }[] };
    const points = json.frontier[0].points;
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p.kbps, `${p.codec}:${p.level}`).toBe(kbps.get(`${p.codec}:${p.level}`));
    expect(await readFile(files.html, 'utf8')).toMatch(/<th>bpp<\/th><th>kbps<\/th><th>value<\/th>/);
    // The results table carries each level's stream kbps beside bpp (one video: exactly its stream's rate).
    const csv = (await readFile(files.csv[0], 'utf8')).trim().split('\n').map((l) => l.split(','));
    const at = csv[0].indexOf('kbps');
    expect(csv[0][at - 1]).toBe('bpp');
    for (const row of csv.slice(1).filter((r) => r[2] !== 'pristine')) expect(Number(row[at]), row.join(',')).toBeCloseTo(kbps.get(`${row[2]}:${row[3]}`)!, 9);
  }, 180_000);
});
