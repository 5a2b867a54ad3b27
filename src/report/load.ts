import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { LossyvisionError } from '../errors.js';
import type { MetricValues } from '../metrics/metric.js';
import type { Provenance } from '../sweep/provenance.js';

/** One model under one condition, as the sweep stored it. */
export interface LoadedCell {
  readonly runId: string;
  readonly task: string;
  readonly model: string;
  readonly modelHash: string | null;
  /** The sweep's cell order: models, then pristine and codecs in the order asked. */
  readonly position: number;
  readonly codec: string;
  /** null for pristine. */
  readonly level: number | null;
  readonly n: number;
  readonly failures: number;
  readonly bpp: number | null;
  readonly psnr: number | null;
  readonly ssim: number | null;
  /** Metric family → named values, e.g. { "coco-bbox": { AP: 0.41, … } }. */
  readonly metrics: Record<string, MetricValues>;
}

export interface LoadedRun {
  readonly id: string;
  readonly createdAt: string;
  /** "dataset labels", or the reference-mode note. */
  readonly groundTruth: string;
  readonly samples: number;
  readonly task: string;
  /** Parsed provenance; partial when an older sweep wrote fewer fields. */
  readonly provenance: Partial<Provenance>;
}

export interface LoadedFailure {
  readonly runId: string;
  readonly sample: string;
  readonly model: string | null;
  readonly codec: string | null;
  readonly level: number | null;
  readonly reason: string;
}

/** A metric column: which accumulator (family) and which of its values. */
export interface MetricColumn {
  readonly family: string;
  readonly metric: string;
}

export interface LoadedResults {
  readonly dir: string;
  readonly database: string;
  /** Oldest first. */
  readonly runs: readonly LoadedRun[];
  /** Only the newest run's cells for each (task, model, codec, level). */
  readonly cells: readonly LoadedCell[];
  readonly failures: readonly LoadedFailure[];
  /** The study table's columns in the sweep's order (table.json); every stored metric when there is no table.json. */
  readonly columns: readonly MetricColumn[];
  /** Whether per-sample metric states exist (table sample_metrics), which the bootstrap needs. */
  readonly hasSampleMetrics: boolean;
  /** Per-sample states held in memory (a sweep just run, see in-memory.ts); absent: read from the database. */
  readonly statesInMemory?: (cell: Pick<LoadedCell, 'model' | 'codec' | 'level'>, family: string) => Map<string, unknown>;
}

const DATABASE = 'results.duckdb';

/** Reads a results folder written by `lossyvision run` (read-only). */
export async function loadResults(dir: string): Promise<LoadedResults> {
  const database = join(dir, DATABASE);
  try {
    await access(database);
  } catch {
    throw new LossyvisionError('FILE_NOT_FOUND', `no ${DATABASE} here; expected a results folder written by \`lossyvision run --out\``, { file: dir });
  }
  return withDatabase(database, async (db) => {
    const tables = new Set((await rows(db, `SELECT table_name FROM information_schema.tables`)).map((r) => String(r.table_name)));
    for (const table of ['runs', 'cells', 'metrics']) {
      if (!tables.has(table)) throw new LossyvisionError('INVALID_FILE', `expected a table "${table}" written by lossyvision run`, { file: database });
    }
    const runs = (await rows(db, `SELECT run_id, CAST(created_at AS VARCHAR) AS created_at, ground_truth, samples, CAST(provenance AS VARCHAR) AS provenance FROM runs ORDER BY created_at, run_id`)).map(
      (r): LoadedRun => {
        const provenance = parseProvenance(String(r.provenance ?? '{}'), database, String(r.run_id));
        return {
          id: String(r.run_id),
          createdAt: String(r.created_at ?? ''),
          groundTruth: String(r.ground_truth ?? 'dataset labels'),
          samples: Number(r.samples ?? 0),
          task: provenance.config?.task ?? 'unknown',
          provenance,
        };
      },
    );
    const taskOf = new Map(runs.map((r) => [r.id, r.task]));
    const order = new Map(runs.map((r, i) => [r.id, i]));

    const metricRows = await rows(db, `SELECT run_id, model, codec, level, family, metric, value FROM metrics`);
    const metricsOf = new Map<string, Record<string, MetricValues>>();
    const seenColumns = new Map<string, MetricColumn>();
    for (const r of metricRows) {
      const key = cellKey(String(r.run_id), String(r.model), String(r.codec), r.level as number | null);
      const families = metricsOf.get(key) ?? {};
      const family = String(r.family);
      (families[family] ??= {})[String(r.metric)] = r.value === null ? null : Number(r.value);
      metricsOf.set(key, families);
      seenColumns.set(`${family}\u0000${String(r.metric)}`, { family, metric: String(r.metric) });
    }

    const newest = new Map<string, LoadedCell>();
    for (const r of await rows(db, `SELECT * FROM cells ORDER BY position`)) {
      const runId = String(r.run_id);
      const cell: LoadedCell = {
        runId,
        task: taskOf.get(runId) ?? 'unknown',
        model: String(r.model),
        modelHash: r.model_hash === null ? null : String(r.model_hash),
        position: Number(r.position),
        codec: String(r.codec),
        level: r.level === null ? null : Number(r.level),
        n: Number(r.n),
        failures: Number(r.failures),
        bpp: nullableNumber(r.mean_bpp),
        psnr: nullableNumber(r.mean_psnr),
        ssim: nullableNumber(r.mean_ssim),
        metrics: metricsOf.get(cellKey(runId, String(r.model), String(r.codec), r.level as number | null)) ?? {},
      };
      const key = `${cell.task}\u0000${cellKey('', cell.model, cell.codec, cell.level)}`;
      const previous = newest.get(key);
      if (!previous || (order.get(runId) ?? 0) >= (order.get(previous.runId) ?? 0)) newest.set(key, cell);
    }
    const cells = [...newest.values()].sort((a, b) => (order.get(a.runId) ?? 0) - (order.get(b.runId) ?? 0) || a.position - b.position);

    const failures = tables.has('failures')
      ? (await rows(db, `SELECT run_id, sample, model, codec, level, reason FROM failures ORDER BY sample`)).map((r) => ({
          runId: String(r.run_id),
          sample: String(r.sample),
          model: r.model === null ? null : String(r.model),
          codec: r.codec === null ? null : String(r.codec),
          level: r.level === null ? null : Number(r.level),
          reason: String(r.reason),
        }))
      : [];

    return {
      dir,
      database,
      runs,
      cells,
      failures,
      columns: await orderColumns(dir, [...seenColumns.values()]),
      hasSampleMetrics: tables.has('sample_metrics'),
    };
  });
}

/**
 * Per-sample metric states of one cell and family, by sample id, from table
 * sample_metrics(run_id, model, codec, level, family, sample, state JSON). Empty when the
 * table does not exist.
 */
export async function loadSampleStates(results: LoadedResults, cell: Pick<LoadedCell, 'runId' | 'model' | 'codec' | 'level'>, family: string): Promise<Map<string, unknown>> {
  const states = new Map<string, unknown>();
  if (!results.hasSampleMetrics) return states;
  if (results.statesInMemory) return results.statesInMemory(cell, family);
  const model = await modelStates(results, cell.runId, cell.model, family);
  for (const [sample, state] of model.get(cellKey(cell.runId, cell.model, cell.codec, cell.level)) ?? []) {
    try {
      // Parsed per call: callers get states of their own, as from a query.
      states.set(sample, JSON.parse(state));
    } catch {
      throw new LossyvisionError('INVALID_FILE', `sample_metrics: the state of sample "${sample}" is not JSON`, { file: results.database });
    }
  }
  return states;
}

/**
 * The stored states (as text) of every cell of one model and family, by cell, in sample order.
 * The report reads a model's cells one by one, several times over (analysis, per-class,
 * first failures), and opening DuckDB costs far more than the query: one query per model,
 * and the last model's rows are kept.
 */
const lastModelStates = new WeakMap<LoadedResults, { key: string; cells: Map<string, [string, string][]> }>();

async function modelStates(results: LoadedResults, runId: string, model: string, family: string): Promise<Map<string, [string, string][]>> {
  const key = [runId, model, family].join('\u0000');
  const kept = lastModelStates.get(results);
  if (kept?.key === key) return kept.cells;
  const cells = await withDatabase(results.database, async (db) => {
    const found = await rows(
      db,
      `SELECT codec, level, sample, CAST(state AS VARCHAR) AS state FROM sample_metrics
       WHERE run_id = $1 AND model = $2 AND family = $3 ORDER BY sample`,
      [runId, model, family],
    );
    const byCell = new Map<string, [string, string][]>();
    for (const r of found) {
      const k = cellKey(runId, model, String(r.codec), nullableNumber(r.level));
      let list = byCell.get(k);
      if (!list) byCell.set(k, (list = []));
      list.push([String(r.sample), String(r.state)]);
    }
    return byCell;
  });
  lastModelStates.set(results, { key, cells });
  return cells;
}

function cellKey(runId: string, model: string, codec: string, level: number | null): string {
  return [runId, model, codec, level === null ? 'null' : String(level)].join('\u0000');
}

function nullableNumber(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function parseProvenance(text: string, file: string, runId: string): Partial<Provenance> {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' ? (value as Partial<Provenance>) : {};
  } catch {
    throw new LossyvisionError('INVALID_FILE', `runs.provenance of run ${runId} is not JSON`, { file });
  }
}

/** table.json lists the study table's columns in the sweep's order (labels "AP" or "coco-bbox AP"). */
async function orderColumns(dir: string, columns: MetricColumn[]): Promise<MetricColumn[]> {
  let labels: string[] = [];
  try {
    const table = JSON.parse(await readFile(join(dir, 'table.json'), 'utf8')) as { columns?: unknown };
    if (Array.isArray(table.columns)) labels = table.columns.map(String);
  } catch {
    // No table.json: keep the database's order.
  }
  const rank = (c: MetricColumn): number => labels.findIndex((l) => l === c.metric || l === `${c.family} ${c.metric}`);
  const shown = labels.length > 0 ? columns.filter((c) => rank(c) >= 0) : columns;
  return (shown.length > 0 ? shown : columns).sort((a, b) => rank(a) - rank(b));
}

export async function withDatabase<T>(path: string, work: (db: DuckDBConnection) => Promise<T>): Promise<T> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  } catch (error) {
    throw new LossyvisionError('INVALID_FILE', `cannot open the results database: ${error instanceof Error ? error.message : String(error)}`, { file: path }, { cause: error });
  }
  const db = await instance.connect();
  try {
    return await work(db);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

type Row = Record<string, unknown>;

export async function rows(db: DuckDBConnection, sql: string, params?: (string | number | null)[]): Promise<Row[]> {
  const reader = params ? await db.runAndReadAll(sql, params) : await db.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Row[];
}
