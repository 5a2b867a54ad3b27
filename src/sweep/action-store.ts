import { experimentOf } from './experiment.js';
import { actionMetricBinding } from '../tasks/action/task.js';
import type { ActionSweepResult } from './action-run.js';
import { storeSweep, type StorableCell, type StorableSweep, type StoredFiles } from './store.js';
import type { StudyTable } from './table.js';
import { conditionSetting } from './plan.js';

/** A stream's model row: "i3d.onnx · rgb", "two-stream.json · temporal", so the report compares streams. */
export function streamModel(modelId: string, stream: string): string {
  return `${modelId} · ${stream}`;
}

/**
 * An action sweep as the store's rows: one model per stream (stream-major, pristine first),
 * metric family "action" per cell, one sample state per video × stream × condition, and each
 * failed video once per stream (it failed for all of them).
 */
export function actionSweepRecord(result: ActionSweepResult): StorableSweep {
  const { model, cells: conditions } = result;
  const binding = actionMetricBinding('rgb', result.classes, result.splits);
  const cellOf = (stream: number, condition: number): number => stream * conditions.length + condition;
  const cells: StorableCell[] = model.streams.flatMap((stream) =>
    conditions.map((c) => ({
      model: streamModel(model.id, stream),
      modelHash: model.hash,
      position: 0,
      codec: conditionSetting(c.condition),
      level: c.condition.level,
      metrics: { [binding.metric.name]: binding.values(c.metrics[stream]) },
      n: c.n,
      failures: c.failures,
      meanBpp: c.meanBpp,
      meanPsnr: c.meanPsnr,
      meanSsim: c.meanSsim,
    })),
  ).map((c, position) => ({ ...c, position }));
  const streamIndex = new Map(model.streams.map((s, i) => [s, i]));
  return {
    experiment: experimentOf({ task: 'action', ...result.config }),
    provenance: result.provenance,
    groundTruth: 'dataset labels',
    samples: result.stats.videos,
    cells,
    sampleStates: result.sampleStates.map((s) => ({ cell: cellOf(streamIndex.get(s.stream)!, s.condition), sampleId: s.video, family: binding.metric.name, state: s.state })),
    failures: result.failures.flatMap((f) => model.streams.map((_s, i) => ({ sampleId: f.video, cell: cellOf(i, f.conditionIndex), reason: f.reason }))),
    table: actionTable(result),
  };
}

/** The study layout of an image sweep: per stream one row per level, columns top1, top5 (mean over splits), then per split when there are several. */
export function actionTable(result: ActionSweepResult): StudyTable {
  const binding = actionMetricBinding('rgb', result.classes, result.splits);
  return {
    columns: [...binding.columns],
    rows: result.model.streams.flatMap((stream) =>
      result.cells.map((cell) => {
        const values = binding.values(cell.metrics[stream]);
        return {
          model: streamModel(result.model.id, stream),
          codec: conditionSetting(cell.condition),
          level: cell.condition.level,
          metrics: Object.fromEntries(binding.columns.map((c) => [c, values[c] ?? null])),
          bpp: cell.meanBpp,
          psnr: cell.meanPsnr,
          ssim: cell.meanSsim,
          n: cell.n,
          failures: cell.failures,
        };
      }),
    ),
  };
}

/** Writes the sweep to `<out>/results.duckdb` and the same exports as an image sweep (results.csv/json, failures.csv, provenance.json, table.*). */
export function storeActionResults(result: ActionSweepResult, outDir: string): Promise<StoredFiles> {
  return storeSweep(actionSweepRecord(result), outDir);
}
