import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/report/analysis.js';
import { curveBudget, describeBudget, marginLowerBound, marginsOf, modelBudget } from '../../src/report/budget.js';
import { loadResults } from '../../src/report/load.js';
import { writeReport } from '../../src/report/report.js';
import { streamRates } from '../../src/report/stream-rates.js';
import { constructedResults } from './constructed-results.js';

const TOLERANCE = { kind: 'absolute', amount: 0.01 } as const;

describe('budget: the smallest bpp within tolerance with confidence', () => {
  it('computes margins and their one-sided lower bound by hand', () => {
    // Pristine 0.80 and 0.70 in two resamples; the level scores 0.795 and 0.68: limits 0.79 and 0.69.
    const m = marginsOf([0.8, 0.7], [0.795, 0.68], TOLERANCE, 'higher');
    expect(m[0]).toBeCloseTo(0.005, 12);
    expect(m[1]).toBeCloseTo(-0.01, 12);
    // Lower is better (an error): limit = pristine + 0.01, margin = limit − value.
    expect(marginsOf([0.2], [0.205], TOLERANCE, 'lower')[0]).toBeCloseTo(0.005, 12);
    // Relative tolerance 10 % of pristine 0.8: limit 0.72.
    expect(marginsOf([0.8], [0.75], { kind: 'relative', amount: 0.1 }, 'higher')[0]).toBeCloseTo(0.03, 12);
    // 11 margins, confidence 0.9: the 10 % quantile sits at position 10 · 0.1 = 1, the second smallest.
    expect(marginLowerBound([0.05, -0.03, 0.2, 0.01, 0, -0.01, 0.3, 0.4, 0.5, 0.6, 0.7], 0.9)).toBe(-0.01);
    // An undefined metric counts as −∞: [−∞, 0.1, 0.1, …] at position 1 → 0.1; with two, −∞.
    expect(marginLowerBound([null, ...new Array(10).fill(0.1)], 0.9)).toBe(0.1);
    expect(marginLowerBound([null, null, ...new Array(9).fill(0.1)], 0.9)).toBe(-Infinity);
  });

  it('interpolates in log bpp between the last safe and the first unsafe level, ignoring a lucky level beyond', () => {
    const flat = (v: number) => new Array(11).fill(v) as number[];
    const b = curveBudget('jpeg', [
      { level: 90, bpp: 2, kbps: 200, margins: flat(0.05) },
      { level: 50, bpp: 1, kbps: 100, margins: [0.05, -0.03, 0.2, 0.01, 0, -0.01, 0.3, 0.4, 0.5, 0.6, 0.7] },
      { level: 10, bpp: 0.5, kbps: 50, margins: flat(0.02) },
    ], 0.9);
    // Bounds 0.05 and −0.01: t = 0.05 / 0.06 = 5/6 of the way from 2 bpp to 1 bpp in log: 2^(1/6).
    expect(b.status).toBe('interpolated');
    expect(b.between).toEqual([90, 50]);
    expect(b.bpp).toBeCloseTo(2 ** (1 / 6), 12);
    expect(b.kbps).toBeCloseTo(100 * 2 ** (1 / 6), 10);
    expect(b.levels.map((l) => l.safe)).toEqual([true, false, true]);

    const allSafe = curveBudget('webp', [{ level: 80, bpp: 1.5, margins: flat(0.01) }, { level: 40, bpp: 0.8, margins: flat(0) }], 0.9);
    expect([allSafe.status, allSafe.bpp]).toEqual(['lowest-tested', 0.8]);
    const never = curveBudget('avif', [{ level: 60, bpp: 1, margins: flat(-0.001) }], 0.9);
    expect([never.status, never.bpp]).toEqual(['none', null]);
    expect(curveBudget('x', [{ level: 60, bpp: 1, margins: [] }], 0.9).status).toBe('unavailable');
  });

  it('answers over every codec of a sweep from the paired bootstrap, and writes analysis.json "budget"', async () => {
    // 20 samples. jpeg loses one sample at 50; webp keeps all down to 40 and loses half at 10.
    const dir = await constructedResults([
      { codec: 'pristine', level: null, right: 20, bpp: null },
      { codec: 'jpeg', level: 90, right: 20, bpp: 2.25 },
      { codec: 'jpeg', level: 50, right: 19, bpp: 1.25 },
      { codec: 'webp', level: 80, right: 20, bpp: 1.5 },
      { codec: 'webp', level: 40, right: 20, bpp: 0.8 },
      { codec: 'webp', level: 10, right: 10, bpp: 0.3 },
    ], 20, async (d) => writeFile(join(d, 'streams.json'), JSON.stringify([{ codec: 'webp', level: 40, kbps: 80 }, { codec: 'webp', level: 10, kbps: 30 }])));
    const analysis = await analyse(await loadResults(dir), { tolerance: TOLERANCE, bootstrap: { replicates: 200, seed: 1 } });
    const budget = modelBudget(analysis.models[0], TOLERANCE, (codec, level) => (codec === 'webp' ? ({ 40: 80, 10: 30 } as Record<number, number>)[level] ?? null : null));
    const [jpeg, webp] = budget.codecs;
    // AP is 1 at pristine and wherever every sample is right: margin 1 − 0.99 = 0.01 in every resample.
    expect(jpeg.levels[0].marginLowerBound).toBeCloseTo(0.01, 12);
    expect(webp.levels[1].marginLowerBound).toBeCloseTo(0.01, 12);
    expect(jpeg.levels[1].safe).toBe(false);
    expect(webp.levels[2].safe).toBe(false);
    const lerp = (a: number, b: number, ma: number, mb: number) => Math.exp(Math.log(a) + (ma / (ma - mb)) * (Math.log(b) - Math.log(a)));
    expect(jpeg.bpp).toBeCloseTo(lerp(2.25, 1.25, 0.01, jpeg.levels[1].marginLowerBound!), 12);
    expect(webp.bpp).toBeCloseTo(lerp(0.8, 0.3, 0.01, webp.levels[2].marginLowerBound!), 12);
    expect(webp.kbps).toBeCloseTo(lerp(80, 30, 0.01, webp.levels[2].marginLowerBound!), 10);
    expect(budget).toMatchObject({ codec: 'webp', bpp: webp.bpp, kbps: webp.kbps, notReached: [], confidence: 0.95 });
    expect(describeBudget(budget)).toMatch(/^det: 0\.\d{3} bpp \(\d+ kbps\) with webp \(between webp 40 and 10\) keeps coco-bbox\/AP within the tolerance with 95 % confidence\. jpeg needs \d\.\d{3} bpp \(×\d\.\d\d\)\.$/);

    const files = await writeReport(dir, { tolerance: TOLERANCE, bootstrap: { replicates: 200, seed: 1 }, visuals: { samples: 0 }, generatedAt: '2025-01-01T00:00:00Z' });
    const json = JSON.parse(await readFile(files.analysis, 'utf8')) as { budget: { codec: string; bpp: number; kbps: number }[] };
    expect(json.budget[0]).toMatchObject({ codec: 'webp', bpp: webp.bpp, kbps: webp.kbps });
    expect(await readFile(files.html, 'utf8')).toContain('<h2>Bit budget</h2>');
  });
});

describe('stream rates for the budget', () => {
  it('averages kbps over videos per setting, and refuses to mix two settings of one codec', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-streams-'));
    await writeFile(join(dir, 'streams.json'), JSON.stringify([
      { video: 'a', codec: 'h264', level: 30, kbps: 100 },
      { video: 'b', codec: 'h264', level: 30, kbps: 300 },
      { video: 'a', codec: 'vp9', level: 40, kbps: 'Infinity' },
    ]));
    const rates = await streamRates(dir, ['pristine', 'h264@preset=ultrafast']);
    expect(rates('h264@preset=ultrafast', 30)).toBe(200);
    expect(rates('vp9', 40)).toBeNull();
    expect((await streamRates(dir, ['h264', 'h264@preset=fast']))('h264', 30)).toBeNull();
    expect((await streamRates(await mkdtemp(join(tmpdir(), 'lv-no-streams-'))))('h264', 30)).toBeNull();
  });

  it('keeps two settings of one codec apart when the streams name their setting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-streams-settings-'));
    await writeFile(join(dir, 'streams.json'), JSON.stringify([
      { video: 'a', codec: 'h264', setting: 'h264', level: 30, kbps: 100 },
      { video: 'b', codec: 'h264', setting: 'h264', level: 30, kbps: 200 },
      { video: 'a', codec: 'h264', setting: 'h264@preset=ultrafast', level: 30, kbps: 400 },
    ]));
    const rates = await streamRates(dir, ['h264', 'h264@preset=ultrafast']);
    expect(rates('h264', 30)).toBe(150);
    expect(rates('h264@preset=ultrafast', 30)).toBe(400);
    expect(rates('h264@preset=fast', 30)).toBeNull();
  });
});
