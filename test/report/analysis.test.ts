import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/report/analysis.js';
import type { LoadedCell, LoadedResults } from '../../src/report/load.js';
import { loadResults } from '../../src/report/load.js';
import { studyTable, tableCsv, tableMarkdown } from '../../src/report/tables.js';
import { CocoBboxMetric } from '../../src/tasks/detection/coco-bbox.js';

const SAMPLES = 20;
/** Samples detected right at each level; the rest miss. */
const RIGHT: [number | null, number][] = [[null, 20], [90, 20], [50, 19], [10, 8]];

function sampleState(id: number, right: boolean): unknown {
  const m = new CocoBboxMetric();
  m.update(
    { imageId: id, detections: [{ categoryId: 1, bbox: right ? [10, 10, 50, 50] : [70, 70, 20, 20], score: 0.9 }] },
    { imageId: id, width: 100, height: 100, objects: [{ id, categoryId: 1, bbox: [10, 10, 50, 50], area: 2500, iscrowd: false }] },
  );
  return m.state();
}

/** A results.duckdb as the sweep writes it, plus the sample_metrics table the bootstrap reads. */
async function constructedResults(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lv-report-analysis-'));
  const instance = await DuckDBInstance.create(join(dir, 'results.duckdb'));
  const db = await instance.connect();
  await db.run(`CREATE TABLE runs (run_id VARCHAR, created_at TIMESTAMP, tool_version VARCHAR, ground_truth VARCHAR, samples INTEGER, provenance JSON);
    CREATE TABLE cells (run_id VARCHAR, model VARCHAR, model_hash VARCHAR, position INTEGER, codec VARCHAR, level DOUBLE, n INTEGER, failures INTEGER, mean_bpp DOUBLE, mean_psnr DOUBLE, mean_ssim DOUBLE);
    CREATE TABLE metrics (run_id VARCHAR, model VARCHAR, codec VARCHAR, level DOUBLE, family VARCHAR, metric VARCHAR, value DOUBLE);
    CREATE TABLE sample_metrics (run_id VARCHAR, model VARCHAR, codec VARCHAR, level DOUBLE, family VARCHAR, sample VARCHAR, state JSON);`);
  const provenance = { config: { task: 'detection' }, dataset: { format: 'coco' } };
  await db.run(`INSERT INTO runs VALUES ('r1', '2025-01-01 00:00:00', '0.1.0', 'dataset labels', ${SAMPLES}, $1::JSON)`, [JSON.stringify(provenance)]);
  for (const [position, [level, right]] of RIGHT.entries()) {
    const codec = level === null ? 'pristine' : 'jpeg';
    const all = new CocoBboxMetric();
    for (let i = 0; i < SAMPLES; i++) {
      const state = sampleState(i + 1, i < right);
      const m = new CocoBboxMetric();
      m.load(state);
      all.merge(m);
      await db.run('INSERT INTO sample_metrics VALUES ($1, $2, $3, $4, $5, $6, $7::JSON)', ['r1', 'det', codec, level, 'coco-bbox', `s${String(i).padStart(2, '0')}`, JSON.stringify(state)]);
    }
    const bpp = level === null ? null : level / 40;
    await db.run('INSERT INTO cells VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', ['r1', 'det', 'h', position, codec, level, SAMPLES, 0, bpp, level === null ? null : 30, level === null ? null : 0.9]);
    for (const [metric, value] of Object.entries(all.compute() as Record<string, number | null>)) {
      await db.run('INSERT INTO metrics VALUES ($1, $2, $3, $4, $5, $6, $7)', ['r1', 'det', codec, level, 'coco-bbox', metric, value]);
    }
  }
  db.closeSync();
  instance.closeSync();
  return dir;
}

describe('analyse with per-sample states', () => {
  it('finds the safe threshold with a paired bootstrap interval over samples', async () => {
    const results = await loadResults(await constructedResults());
    expect(results.hasSampleMetrics).toBe(true);
    const analysis = await analyse(results, { bootstrap: { replicates: 300, seed: 3 } });
    const [model] = analysis.models;
    expect(model.label).toBe('AP');
    expect(model.pristineValue).toBeCloseTo(1, 12);
    const [jpeg] = model.codecs;
    expect(jpeg.levels.map((l) => l.level)).toEqual([90, 50, 10]);
    expect(jpeg.threshold.safe).toBe(90);
    expect(model.ciNote).toBe('bootstrap 95 % CI over 20 samples (300 resamples, seed 3, percentile method)');
    // Level 90 equals pristine on every sample: the paired interval is exactly 0.
    expect(jpeg.levels[0].changeInterval).toEqual([0, 0]);
    // Level 10 loses 12 of 20 detections: clearly worse in every resample.
    expect(jpeg.levels[2].changeInterval![1]).toBeLessThan(0);
    // Level 50 misses one sample; resamples without it call 50 safe, the rest 90.
    expect(jpeg.thresholdInterval).toEqual({ mildest: 90, harshest: 50, replicates: 300, confidence: 0.95 });
    expect(model.corruption.rPC).toBeCloseTo(model.corruption.mPC!, 12);
  });
});

/** The study's detection numbers as a constructed results set with a retrained model. */
function studyResults(): LoadedResults {
  const cell = (model: string, codec: string, level: number | null, ap: number, position: number): LoadedCell => ({
    runId: 'r', task: 'detection', model, modelHash: null, position, codec, level, n: 100, failures: 0,
    bpp: level === null ? null : level / 30, psnr: level === null ? null : 20 + level / 5, ssim: null, metrics: { 'coco-bbox': { AP: ap } },
  });
  const pre = [[null, 0.703], [95, 0.703], [50, 0.666], [15, 0.545], [5, 0.187]] as const;
  const post = [[null, 0.70], [95, 0.703], [50, 0.692], [15, 0.647], [5, 0.559]] as const;
  return {
    dir: '/r', database: '/r/results.duckdb', failures: [], hasSampleMetrics: false,
    runs: [{ id: 'r', createdAt: '', groundTruth: 'dataset labels', samples: 100, task: 'detection', provenance: {} }],
    columns: [{ family: 'coco-bbox', metric: 'AP' }],
    cells: [
      ...pre.map(([l, v], i) => cell('faster-rcnn', l === null ? 'pristine' : 'jpeg', l, v, i)),
      ...post.map(([l, v], i) => cell('faster-rcnn <retrained>', l === null ? 'pristine' : 'jpeg', l, v, 10 + i)),
    ],
  };
}

describe('study table with retrained results', () => {
  it('puts retrained beside pre-trained with relative gain, gap closed and study recovery', async () => {
    const results = studyResults();
    const analysis = await analyse(results, { retrainedOf: new Map([['faster-rcnn <retrained>', 'faster-rcnn']]) });
    expect(analysis.models.map((m) => m.model)).toEqual(['faster-rcnn']);
    const table = studyTable(analysis.models[0], results.columns);
    expect(table.header).toEqual(['codec', 'level', 'AP', 'AP retrained', 'relative gain', 'gap closed', 'study recovery', 'bpp', 'PSNR (dB)', 'SSIM', 'n', 'failures', 'safe']);
    const q5 = table.rows.find((r) => r.raw[1] === 5)!;
    // (0.559 − 0.187) / 0.187, (0.559 − 0.187) / (0.703 − 0.187) and (0.559 − 0.187) / 0.559.
    expect(q5.text.slice(2, 7)).toEqual(['0.187', '0.559', '+198.9 %', '72.1 %', '66.5 %']);
    expect(q5.raw[4] as number).toBeCloseTo(0.372 / 0.187, 12);
    expect(table.rows[0].text.slice(0, 7)).toEqual(['pristine', '–', '0.703', '0.700', '–', '–', '–']);
    expect(table.notes.at(-2)).toMatch(/^relative gain = .*; study recovery = \(retrained − compressed\) \/ retrained/);
    // JPEG 95 lost nothing (0.703 = pristine): no gap to close, so n/a rather than a ratio of noise.
    const q95 = table.rows.find((r) => r.raw[1] === 95)!;
    expect(q95.text[5]).toBe('n/a');
    expect(q95.raw[5]).toBeNull();
    expect(table.notes.at(-1)).toMatch(/^gap closed n\/a: compression cost the pre-trained model less than the noise there/);
    expect(table.rows.filter((r) => r.safe).map((r) => r.raw[1])).toEqual([95]);
    const md = tableMarkdown(table);
    expect(md).toContain('### detection · faster-rcnn\n');
    expect(md).toContain('| **jpeg** | **95** | **0.703** |');
    expect(tableCsv(table).split('\n')[5]).toBe(`detection,faster-rcnn,jpeg,5,0.187,0.559,${(0.559 - 0.187) / 0.187},${(0.559 - 0.187) / (0.703 - 0.187)},${(0.559 - 0.187) / 0.559},${5 / 30},21,,100,0,`);
  });

  it('refuses a pairing that names a model without results', async () => {
    await expect(analyse(studyResults(), { retrainedOf: new Map([['nope', 'faster-rcnn']]) })).rejects.toThrow('retrained-of names model "nope", which has no results; models: faster-rcnn, faster-rcnn <retrained>');
  });

  it('finds a retrained model from its provenance field retrainedOf', async () => {
    const results = studyResults();
    const withField = { ...results, runs: [{ ...results.runs[0], provenance: { models: [{ id: 'faster-rcnn <retrained>', hash: 'h', provenance: { retrainedOf: 'faster-rcnn' } }] } }] };
    const analysis = await analyse(withField);
    expect(analysis.models[0].retrained?.model).toBe('faster-rcnn <retrained>');
  });
});
