import { conditionSetting } from '../sweep/plan.js';
import type { SweepResult } from '../sweep/result.js';
import { runId } from '../sweep/store.js';
import type { LoadedCell, LoadedResults } from './load.js';

const cellKey = (model: string, codec: string, level: number | null): string => `${model}\u0000${codec}\u0000${level === null ? 'null' : String(level)}`;

/**
 * A sweep's result as the report reads a results folder, with the same cells, labels and
 * per-sample states `storeResults` writes, so `analyse` decides without a disk round trip.
 */
export function resultsOfSweep(result: SweepResult): LoadedResults {
  const id = runId(result);
  const hashOf = new Map(result.models.map((m) => [m.id, m.hash]));
  const cells: LoadedCell[] = result.cells.map((r) => ({
    runId: id,
    task: result.config.task,
    model: r.cell.model,
    modelHash: hashOf.get(r.cell.model) ?? null,
    position: r.cell.index,
    codec: conditionSetting(r.cell.condition),
    level: r.cell.condition.level,
    n: r.n,
    failures: r.failures,
    bpp: r.meanBpp,
    psnr: r.meanPsnr,
    ssim: r.meanSsim,
    metrics: r.metrics,
  }));
  // Sample states point at result.cells by index, as the store reads them.
  const states = new Map<string, Map<string, unknown>>();
  for (const s of result.sampleStates) {
    const c = cells[s.cell];
    const key = `${cellKey(c.model, c.codec, c.level)}\u0000${s.family}`;
    const byId = states.get(key) ?? new Map<string, unknown>();
    byId.set(s.sampleId, JSON.parse(s.state));
    states.set(key, byId);
  }
  return {
    dir: '(in memory)',
    database: '(in memory)',
    runs: [{ id, createdAt: result.provenance.date, groundTruth: result.reference ?? 'dataset labels', samples: result.stats.samples, task: result.config.task, provenance: result.provenance }],
    cells,
    failures: result.failures.map((f) => {
      const c = f.cell >= 0 ? cells[f.cell] : undefined;
      return { runId: id, sample: f.sampleId, model: c?.model ?? null, codec: c?.codec ?? null, level: c?.level ?? null, reason: f.reason };
    }),
    columns: result.columns.map((c) => ({ family: c.metric, metric: c.value })),
    hasSampleMetrics: true,
    statesInMemory: (cell, family) => new Map(states.get(`${cellKey(cell.model, cell.codec, cell.level)}\u0000${family}`) ?? []),
  };
}
