import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CocoBboxMetric } from '../../src/tasks/detection/coco-bbox.js';

/** One cell of a constructed detection sweep: the first `right` of the samples are detected exactly, the rest missed. */
export interface ConstructedCell {
  readonly codec: string;
  readonly level: number | null;
  readonly right: number;
  readonly bpp: number | null;
}

/** One sample's COCO state: one object, detected exactly or missed entirely. */
export function sampleState(id: number, right: boolean): unknown {
  const m = new CocoBboxMetric();
  m.update(
    { imageId: id, detections: [{ categoryId: 1, bbox: right ? [10, 10, 50, 50] : [70, 70, 20, 20], score: 0.9 }] },
    { imageId: id, width: 100, height: 100, objects: [{ id, categoryId: 1, bbox: [10, 10, 50, 50], area: 2500, iscrowd: false }] },
  );
  return m.state();
}

/** A results folder as `run` writes it (runs, cells, metrics, sample_metrics), for one model "det" over `samples` samples. */
export async function constructedResults(
  cells: readonly ConstructedCell[],
  samples = 20,
  extra: (dir: string) => Promise<void> = async () => undefined,
  stateOf: (id: number, cell: ConstructedCell, index: number) => unknown = (id, c, i) => sampleState(id, i < c.right),
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lv-report-constructed-'));
  const instance = await DuckDBInstance.create(join(dir, 'results.duckdb'));
  const db = await instance.connect();
  await db.run(`CREATE TABLE runs (run_id VARCHAR, created_at TIMESTAMP, tool_version VARCHAR, ground_truth VARCHAR, samples INTEGER, provenance JSON);
    CREATE TABLE cells (run_id VARCHAR, model VARCHAR, model_hash VARCHAR, position INTEGER, codec VARCHAR, level DOUBLE, n INTEGER, failures INTEGER, mean_bpp DOUBLE, mean_psnr DOUBLE, mean_ssim DOUBLE);
    CREATE TABLE metrics (run_id VARCHAR, model VARCHAR, codec VARCHAR, level DOUBLE, family VARCHAR, metric VARCHAR, value DOUBLE);
    CREATE TABLE sample_metrics (run_id VARCHAR, model VARCHAR, codec VARCHAR, level DOUBLE, family VARCHAR, sample VARCHAR, state JSON);`);
  const provenance = { config: { task: 'detection' }, dataset: { format: 'coco' } };
  await db.run(`INSERT INTO runs VALUES ('r1', '2025-01-01 00:00:00', '0.1.0', 'dataset labels', ${samples}, $1::JSON)`, [JSON.stringify(provenance)]);
  for (const [position, c] of cells.entries()) {
    const all = new CocoBboxMetric();
    for (let i = 0; i < samples; i++) {
      const state = stateOf(i + 1, c, i);
      const m = new CocoBboxMetric();
      m.load(state);
      all.merge(m);
      await db.run('INSERT INTO sample_metrics VALUES ($1, $2, $3, $4, $5, $6, $7::JSON)', ['r1', 'det', c.codec, c.level, 'coco-bbox', `s${String(i).padStart(2, '0')}`, JSON.stringify(state)]);
    }
    await db.run('INSERT INTO cells VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', ['r1', 'det', 'h', position, c.codec, c.level, samples, 0, c.bpp, c.level === null ? null : 30, c.level === null ? null : 0.9]);
    for (const [metric, value] of Object.entries(all.compute() as Record<string, number | null>)) {
      await db.run('INSERT INTO metrics VALUES ($1, $2, $3, $4, $5, $6, $7)', ['r1', 'det', c.codec, c.level, 'coco-bbox', metric, value]);
    }
  }
  db.closeSync();
  instance.closeSync();
  await extra(dir);
  return dir;
}
