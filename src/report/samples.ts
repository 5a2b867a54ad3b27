import { DuckDBInstance } from '@duckdb/node-api';
import { replaceAtomically, writeFileAtomic } from '../files.js';
import type { Analysis } from './analysis.js';
import { csvField } from './escape.js';
import { sampleScorer } from './first-fail.js';
import { rows, withDatabase, type LoadedResults } from './load.js';

/** One sample in one cell: what users sort and filter to find the failures. */
export interface SampleRow {
  readonly task: string;
  readonly model: string;
  readonly codec: string;
  readonly level: number | null;
  readonly sample: string;
  /** The report's analysed metric ("AP", "mIoU", "top1") scored on this sample alone. */
  readonly metric: string;
  readonly value: number | null;
  readonly bpp: number | null;
  /** Infinity when lossless; null when not measured (pristine, `--fidelity none`). */
  readonly psnr: number | null;
  readonly ssim: number | null;
  /** Detections, people, … the model returned; null when its answer is not a list. */
  readonly predictions: number | null;
}

const COLUMNS = ['task', 'model', 'codec', 'level', 'sample', 'metric', 'value', 'bpp', 'psnr', 'ssim', 'predictions'] as const;

/**
 * Every sample × cell of the results folder with its own score (the analysed metric computed
 * from the sample's stored metric state alone), bpp, PSNR, SSIM and prediction count, from the
 * tables `sample_measures` and `sample_metrics`; empty for results written before
 * `sample_measures` existed. Ordered by model, cell and sample id.
 */
export async function sampleRows(results: LoadedResults, analysis: Analysis): Promise<SampleRow[]> {
  const first = analysis.models[0];
  if (!first) return [];
  const { family, metric } = first.column;
  return withDatabase(results.database, async (db) => {
    const tables = new Set((await rows(db, 'SELECT table_name FROM information_schema.tables')).map((r) => String(r.table_name)));
    if (!tables.has('sample_measures')) return [];
    const measured = await rows(db, 'SELECT run_id, model, codec, level, sample, bpp, psnr, ssim, predictions FROM sample_measures ORDER BY run_id, model, codec, level NULLS FIRST, sample');
    const states = new Map<string, string>();
    if (tables.has('sample_metrics')) {
      for (const r of await rows(db, 'SELECT run_id, model, codec, level, sample, CAST(state AS VARCHAR) AS state FROM sample_metrics WHERE family = $1', [family])) {
        states.set(key(r.run_id, r.model, r.codec, r.level, r.sample), String(r.state));
      }
    }
    // Per run: its task and a scorer for the analysed metric on one sample's state.
    const perRun = new Map<string, { task: string; score: (state: unknown) => number | null }>();
    const runOf = (runId: string) => {
      let found = perRun.get(runId);
      if (!found) {
        const run = results.runs.find((r) => r.id === runId);
        const task = run?.task ?? first.task;
        found = { task, score: sampleScorer(task, run, family, metric) };
        perRun.set(runId, found);
      }
      return found;
    };
    return measured.map((r): SampleRow => {
      const run = runOf(String(r.run_id));
      const state = states.get(key(r.run_id, r.model, r.codec, r.level, r.sample));
      return {
        task: run.task,
        model: String(r.model),
        codec: String(r.codec),
        level: r.level === null ? null : Number(r.level),
        sample: String(r.sample),
        metric,
        value: state === undefined ? null : run.score(JSON.parse(state)),
        bpp: nullable(r.bpp),
        psnr: nullable(r.psnr),
        ssim: nullable(r.ssim),
        predictions: nullable(r.predictions),
      };
    });
  });
}

const key = (...parts: unknown[]): string => parts.map((p) => (p === null ? 'null' : String(p))).join('\u0000');
const nullable = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** CSV: full precision, empty for unknown, "inf" for lossless PSNR. */
export function samplesCsv(list: readonly SampleRow[]): string {
  const text = (v: string | number | null): string => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : v === Infinity ? 'inf' : String(v));
  return `${[COLUMNS.join(','), ...list.map((r) => COLUMNS.map((c) => csvField(text(r[c]))).join(','))].join('\n')}\n`;
}

/** `samples.csv` and `samples.parquet` (typed columns, through DuckDB's own Parquet writer). */
export async function writeSampleTable(list: readonly SampleRow[], csvPath: string, parquetPath: string): Promise<void> {
  await writeFileAtomic(csvPath, samplesCsv(list));
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    await db.run(`CREATE TABLE samples (task VARCHAR, model VARCHAR, codec VARCHAR, level DOUBLE, sample VARCHAR, metric VARCHAR, value DOUBLE, bpp DOUBLE, psnr DOUBLE, ssim DOUBLE, predictions INTEGER)`);
    const appender = await db.createAppender('samples');
    const double = (v: number | null) => (v === null ? appender.appendNull() : appender.appendDouble(v));
    for (const r of list) {
      for (const v of [r.task, r.model, r.codec]) appender.appendVarchar(v);
      double(r.level);
      appender.appendVarchar(r.sample);
      appender.appendVarchar(r.metric);
      for (const v of [r.value, r.bpp, r.psnr, r.ssim]) double(v);
      if (r.predictions === null) appender.appendNull();
      else appender.appendInteger(r.predictions);
      appender.endRow();
    }
    appender.closeSync();
    await replaceAtomically(parquetPath, (temp) => db.run(`COPY samples TO '${temp.replace(/'/g, "''")}' (FORMAT parquet)`));
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
