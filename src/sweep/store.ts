import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { sqlSafeText } from '../csv.js';
import { registerTempFileArea, removeStaleTempFiles } from '../temp-files.js';
import { replaceAtomically, writeFileAtomic } from '../files.js';
import { experimentId, experimentOf } from './experiment.js';
import type { CellResult, SampleFailure, SampleMeasure, SampleState } from './accumulate.js';
import type { SweepResult } from './run.js';
import { studyTable, tableCsv, tableJson, tableMarkdown, type StudyTable } from './table.js';
import { conditionSetting } from './plan.js';
import { infinityReplacer } from '../json.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, created_at TIMESTAMP, tool_version VARCHAR,
  ground_truth VARCHAR, samples INTEGER, provenance JSON);
CREATE TABLE IF NOT EXISTS cells (run_id VARCHAR, model VARCHAR, model_hash VARCHAR, position INTEGER, codec VARCHAR, level DOUBLE,
  n INTEGER, failures INTEGER, mean_bpp DOUBLE, mean_psnr DOUBLE, mean_ssim DOUBLE);
CREATE TABLE IF NOT EXISTS metrics (run_id VARCHAR, model VARCHAR, codec VARCHAR, level DOUBLE,
  family VARCHAR, metric VARCHAR, value DOUBLE);
CREATE TABLE IF NOT EXISTS failures (run_id VARCHAR, sample VARCHAR, model VARCHAR, codec VARCHAR, level DOUBLE, reason VARCHAR);
CREATE TABLE IF NOT EXISTS sample_metrics (run_id VARCHAR, model VARCHAR, codec VARCHAR, level DOUBLE, family VARCHAR, sample VARCHAR, state JSON);
CREATE TABLE IF NOT EXISTS sample_measures (run_id VARCHAR, model VARCHAR, codec VARCHAR, level DOUBLE, sample VARCHAR, bpp DOUBLE, psnr DOUBLE, ssim DOUBLE, predictions INTEGER);
`;

/** The files a stored sweep leaves in `--out`. */
export interface StoredFiles {
  database: string;
  results: { csv: string; json: string };
  failures: string;
  provenance: string;
  table: { markdown: string; csv: string; json: string };
}

/** One model under one condition, as the store keeps it: a cell's numbers, flattened. */
export interface StorableCell extends Omit<CellResult, 'cell' | 'lossless' | 'noSsim'> {
  readonly model: string;
  readonly modelHash: string | null;
  /** Sort order of the tables: models, then pristine and codecs in the order asked. */
  readonly position: number;
  readonly codec: string;
  /** null for pristine. */
  readonly level: number | null;
}

/**
 * What the store needs of any sweep — image, video frames or action clips — so each kind of
 * sweep maps its own result onto one schema and one report reads them all.
 */
export interface StorableSweep {
  /** The settings that decide the numbers: the run id is their hash (see `experimentId`). */
  readonly experiment: unknown;
  /** Stored whole; `config.task` names the task for the report. */
  readonly provenance: { readonly date: string; readonly tool: { readonly version: string }; readonly config: { readonly task: string } };
  /** "dataset labels", or what stands in for them (reference mode). */
  readonly groundTruth: string;
  readonly samples: number;
  readonly cells: readonly StorableCell[];
  /** `cell` indexes `cells`. */
  readonly sampleStates: readonly SampleState[];
  /** `cell` indexes `cells`: each sample's bpp, PSNR, SSIM and prediction count (absent: none stored). */
  readonly sampleMeasures?: readonly SampleMeasure[];
  /** `cell` indexes `cells`; -1 when the sample failed everywhere. */
  readonly failures: readonly SampleFailure[];
  readonly table: StudyTable;
}

/** What the store needs of a sweep's result: image, video-frame and action sweeps all hand back this much. */
export interface StorableResult extends Pick<SweepResult, 'cells' | 'columns' | 'reference' | 'models' | 'sampleStates' | 'sampleMeasures' | 'failures'> {
  readonly config: Parameters<typeof experimentOf>[0];
  readonly provenance: StorableSweep['provenance'];
  readonly stats: { readonly samples: number };
}

/** A sweep's run id (see `experimentOf`: workers, threads and the cache location are not part of it). */
export function runId(result: StorableResult): string {
  return experimentId(experimentOf(result.config));
}

/** Writes a sweep to `<out>/results.duckdb` (tidy tables) and its CSV, JSON and Markdown exports. */
export function storeResults(result: StorableResult, outDir: string): Promise<StoredFiles> {
  const hashOf = new Map(result.models.map((m) => [m.id, m.hash]));
  return storeSweep(
    {
      experiment: experimentOf(result.config),
      provenance: result.provenance,
      groundTruth: result.reference ?? 'dataset labels',
      samples: result.stats.samples,
      cells: result.cells.map((r) => ({
        model: r.cell.model,
        modelHash: hashOf.get(r.cell.model) ?? null,
        position: r.cell.index,
        codec: conditionSetting(r.cell.condition),
        level: r.cell.condition.level,
        metrics: r.metrics,
        n: r.n,
        failures: r.failures,
        meanBpp: r.meanBpp,
        meanPsnr: r.meanPsnr,
        meanSsim: r.meanSsim,
      })),
      sampleStates: result.sampleStates,
      sampleMeasures: result.sampleMeasures,
      failures: result.failures,
      table: studyTable(result),
    },
    outDir,
  );
}

/** Writes any sweep to `<out>/results.duckdb`, replacing the rows of an earlier run of the same experiment, and its exports. */
export async function storeSweep(sweep: StorableSweep, outDir: string): Promise<StoredFiles> {
  await mkdir(outDir, { recursive: true });
  // Temporary files of a store that was killed (SIGKILL gives no chance to clean up) go first.
  await removeStaleTempFiles(outDir);
  registerTempFileArea(outDir);
  const id = experimentId(sweep.experiment);
  const files: StoredFiles = {
    database: join(outDir, 'results.duckdb'),
    results: { csv: join(outDir, 'results.csv'), json: join(outDir, 'results.json') },
    failures: join(outDir, 'failures.csv'),
    provenance: join(outDir, 'provenance.json'),
    table: { markdown: join(outDir, 'table.md'), csv: join(outDir, 'table.csv'), json: join(outDir, 'table.json') },
  };
  const instance = await DuckDBInstance.create(files.database);
  const db = await instance.connect();
  try {
    await db.run(SCHEMA);
    await db.run('BEGIN TRANSACTION');
    for (const table of ['runs', 'cells', 'metrics', 'failures', 'sample_metrics', 'sample_measures']) await db.run(`DELETE FROM ${table} WHERE run_id = $1`, [id]);
    await insertRun(db, id, sweep);
    await db.run('COMMIT');
    await exportRun(db, id, files);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  await writeFileAtomic(files.provenance, `${JSON.stringify(sweep.provenance, null, 2)}\n`);
  await writeFileAtomic(files.table.markdown, tableMarkdown(sweep.table));
  await writeFileAtomic(files.table.csv, tableCsv(sweep.table));
  await writeFileAtomic(files.table.json, tableJson(sweep.table));
  return files;
}

async function insertRun(db: DuckDBConnection, id: string, sweep: StorableSweep): Promise<void> {
  await db.run('INSERT INTO runs VALUES ($1, $2::TIMESTAMP, $3, $4, $5, $6::JSON)', [
    id,
    sweep.provenance.date,
    sweep.provenance.tool.version,
    sweep.groundTruth,
    sweep.samples,
    JSON.stringify(sweep.provenance),
  ]);
  const cells = await db.prepare('INSERT INTO cells VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)');
  for (const c of sweep.cells) {
    cells.bind([id, c.model, c.modelHash, c.position, c.codec, c.level, c.n, c.failures, c.meanBpp, c.meanPsnr, c.meanSsim]);
    await cells.run();
  }
  // Metrics (one row per class for per-class scores) and failures (one per sample × cell) can
  // run to hundreds of thousands of rows: appended in bulk, not one awaited INSERT each.
  const metrics = await db.createAppender('metrics');
  for (const c of sweep.cells) {
    for (const [family, values] of Object.entries(c.metrics)) {
      for (const [metric, value] of Object.entries(values)) {
        for (const v of [id, c.model, c.codec]) metrics.appendVarchar(v);
        appendDoubleOrNull(metrics, c.level);
        metrics.appendVarchar(family);
        metrics.appendVarchar(metric);
        appendDoubleOrNull(metrics, value);
        metrics.endRow();
      }
    }
  }
  metrics.closeSync();
  await insertSampleStates(db, id, sweep);
  await insertSampleMeasures(db, id, sweep);
  const failures = await db.createAppender('failures');
  for (const f of sweep.failures) {
    const cell = f.cell >= 0 ? sweep.cells[f.cell] : undefined;
    failures.appendVarchar(id);
    failures.appendVarchar(f.sampleId);
    if (cell) {
      failures.appendVarchar(cell.model);
      failures.appendVarchar(cell.codec);
    } else {
      failures.appendNull();
      failures.appendNull();
    }
    appendDoubleOrNull(failures, cell?.level ?? null);
    failures.appendVarchar(f.reason);
    failures.endRow();
  }
  failures.closeSync();
}

function appendDoubleOrNull(appender: DuckDBAppender, value: number | null | undefined): void {
  if (value === null || value === undefined) appender.appendNull();
  else appender.appendDouble(value);
}

/** The columns every per-sample table starts with: run_id, model, codec, level. */
function appendCellKey(appender: DuckDBAppender, id: string, cell: Pick<StorableCell, 'model' | 'codec' | 'level'>): void {
  appender.appendVarchar(id);
  appender.appendVarchar(cell.model);
  appender.appendVarchar(cell.codec);
  appendDoubleOrNull(appender, cell.level);
}

/** Per-sample metric states (the report's bootstrap), appended in bulk: there is one row per sample × cell × metric. */
async function insertSampleStates(db: DuckDBConnection, id: string, sweep: StorableSweep): Promise<void> {
  const appender = await db.createAppender('sample_metrics');
  for (const s of sweep.sampleStates) {
    appendCellKey(appender, id, sweep.cells[s.cell]);
    appender.appendVarchar(s.family);
    appender.appendVarchar(s.sampleId);
    appender.appendVarchar(s.state);
    appender.endRow();
  }
  appender.closeSync();
}

/** Per-sample compression measures and prediction counts, appended in bulk (one row per sample × cell). */
async function insertSampleMeasures(db: DuckDBConnection, id: string, sweep: StorableSweep): Promise<void> {
  const appender = await db.createAppender('sample_measures');
  for (const s of sweep.sampleMeasures ?? []) {
    const { level } = sweep.cells[s.cell];
    appendCellKey(appender, id, sweep.cells[s.cell]);
    appender.appendVarchar(s.sampleId);
    appendDoubleOrNull(appender, s.bpp);
    // Lossless (PSNR infinite) is stored as +inf; not measured as NULL.
    appendDoubleOrNull(appender, s.psnr === null && level !== null ? Infinity : s.psnr);
    appendDoubleOrNull(appender, s.ssim);
    if (s.predictions === null) appender.appendNull();
    else appender.appendInteger(s.predictions);
    appender.endRow();
  }
  appender.closeSync();
}

/** The tidy export: one row per model × codec × level × metric, with the cell's bpp, PSNR, SSIM, n, failures. */
async function exportRun(db: DuckDBConnection, id: string, files: StoredFiles): Promise<void> {
  const tidy = (model: string, codec: string, groundTruth: string): string => `SELECT ${model}, c.model_hash, ${codec}, m.level, m.family, m.metric, m.value, c.mean_bpp, c.mean_psnr, c.mean_ssim,
      c.n, c.failures, ${groundTruth}
    FROM metrics m JOIN cells c ON c.run_id = m.run_id AND c.model = m.model AND c.codec = m.codec
      AND c.level IS NOT DISTINCT FROM m.level JOIN runs r ON r.run_id = m.run_id
    WHERE m.run_id = '${id}' ORDER BY c.position, m.family, m.metric`;
  // CSV opens in spreadsheets: text cells that look like formulas (a model or file named "=…") are neutralised.
  await copyAtomic(db, tidy(sqlSafeText('m.model', 'model'), sqlSafeText('m.codec', 'codec'), sqlSafeText('r.ground_truth', 'ground_truth')), files.results.csv, '(HEADER)');
  // JSON has no Infinity (lossless PSNR): written as the string "Infinity", as `compress --json` does.
  const rows = (await db.runAndReadAll(tidy('m.model', 'm.codec', 'r.ground_truth'))).getRowObjectsJS();
  await writeFileAtomic(files.results.json, `${JSON.stringify(rows, infinityReplacer, 2)}\n`);
  await copyAtomic(
    db,
    `SELECT ${sqlSafeText('sample', 'sample')}, ${sqlSafeText('model', 'model')}, ${sqlSafeText('codec', 'codec')}, level, ${sqlSafeText('reason', 'reason')}
      FROM failures WHERE run_id = '${id}' ORDER BY failures.sample, failures.model, failures.codec, failures.level`,
    files.failures,
    '(HEADER)',
  );
}

function copyAtomic(db: DuckDBConnection, query: string, path: string, options: string): Promise<void> {
  return replaceAtomically(path, (temp) => db.run(`COPY (${query}) TO '${temp.replace(/'/g, "''")}' ${options}`));
}
