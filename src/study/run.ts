import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../files.js';
import { runRetrainStudy, type RetrainStudyResult } from '../retrain/study.js';
import { runActionSweep } from '../sweep/action-run.js';
import { digestOf } from '../sweep/entry.js';
import { runSweep } from '../sweep/run.js';
import { storeResults } from '../sweep/store.js';
import { studyTable, type StudyTable } from '../sweep/table.js';
import { storeStreams } from '../sweep/video-streams.js';
import { removeStaleTempFiles } from '../temp-files.js';
import { toolVersion } from '../version.js';
import { actionConfigOf, planStudy, planUnits, retrainOptionsOf, sweepConfigOf, type PlannedExperiment } from './plan.js';
import type { Study } from './schema.js';
import { readState, writeState } from './state.js';

/** One progress display for the whole study: which experiment, its own progress, and the study's ETA. */
export interface StudyProgress {
  /** 1-based position of the running experiment among those run. */
  readonly index: number;
  readonly count: number;
  readonly name: string;
  /** Samples of this experiment done and in all (0 / 0 while a retraining protocol trains). */
  readonly done: number;
  readonly total: number;
  /** What it is doing now: "zoo:centernet · jpeg:50", or a retraining step. */
  readonly current: string;
  /** Whole study, from the sample × cell steps done so far in this session; null until one is done, or while training (not in the steps). */
  readonly etaMs: number | null;
}

export interface StudyRunOptions {
  readonly out: string;
  /** Run only this experiment. */
  readonly only?: string;
  onProgress?: (progress: StudyProgress) => void;
}

export interface ExperimentRun {
  readonly planned: PlannedExperiment;
  /** `skipped`: finished by an earlier run under the same identity, not redone. */
  readonly status: 'ran' | 'skipped';
  readonly wallSeconds: number;
  /** The study table of a sweep that ran. */
  readonly table?: StudyTable;
  /** The retraining result, when retraining ran. */
  readonly retrain?: RetrainStudyResult;
  /** Notes and warnings of the sweep, to print. */
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

export interface StudyRunResult {
  readonly experiments: readonly ExperimentRun[];
  /** `<out>/study.json`: the study file, its hash and the resolved experiments. */
  readonly provenance: string;
}

/** What every report of this study names as its source: the file, its hash, the resolved experiments. */
export function studyProvenance(study: Study): { source: string; sha256: string; text: string; tool: { name: 'lossyvision'; version: string }; experiments: Study['experiments'] } {
  return { source: study.source, sha256: digestOf(study.text), text: study.text, tool: { name: 'lossyvision', version: toolVersion() }, experiments: study.experiments };
}

/**
 * Runs every experiment of a study, each into `<out>/<name>/` through the library's own entry
 * points (`runSweep`, `runActionSweep`, `runRetrainStudy`), so its folder is exactly what the
 * separate command writes. Resumable as a whole: an experiment is recorded in
 * `study-state.json` once its results are stored, and skipped by a later run while its identity
 * is unchanged; one killed mid-way resumes from its own cache and checkpoints.
 */
export async function runStudy(study: Study, options: StudyRunOptions): Promise<StudyRunResult> {
  const plan = await planStudy(study, options.out, options.only);
  await mkdir(options.out, { recursive: true });
  const provenance = join(options.out, 'study.json');
  const stamp = studyProvenance(study);
  await writeFileAtomic(provenance, `${JSON.stringify(stamp, null, 2)}\n`);
  const state = await readState(options.out, { source: study.source, sha256: stamp.sha256 });

  const isDone = (p: PlannedExperiment): boolean => state.experiments[p.experiment.name]?.identity === p.identity;
  const todo = plan.filter((p) => !isDone(p));
  const unitsTotal = todo.reduce((n, p) => n + planUnits(p), 0);
  let unitsDone = 0;
  const started = performance.now();
  const runs: ExperimentRun[] = [];
  for (const p of plan) {
    if (isDone(p)) {
      runs.push({ planned: p, status: 'skipped', wallSeconds: state.experiments[p.experiment.name].wallSeconds, notes: [], warnings: [] });
      continue;
    }
    const index = todo.indexOf(p) + 1;
    const before = unitsDone;
    const progress = (done: number, total: number, current: string, training = false): void => {
      unitsDone = before + done * p.cells;
      const elapsed = performance.now() - started;
      const etaMs = training || unitsDone === 0 ? null : (elapsed * Math.max(0, unitsTotal - unitsDone)) / unitsDone;
      options.onProgress?.({ index, count: todo.length, name: p.experiment.name, done, total, current, etaMs });
    };
    const t0 = performance.now();
    const run = await runExperiment(study, p, options.out, progress);
    unitsDone = before + planUnits(p);
    const wallSeconds = (performance.now() - t0) / 1000;
    state.experiments[p.experiment.name] = { identity: p.identity, kind: p.kind, finishedAt: new Date().toISOString(), wallSeconds };
    await writeState(options.out, state);
    runs.push({ planned: p, status: 'ran', wallSeconds, ...run });
  }
  return { experiments: runs, provenance };
}

type Progress = (done: number, total: number, current: string, training?: boolean) => void;

async function runExperiment(study: Study, p: PlannedExperiment, out: string, progress: Progress): Promise<Pick<ExperimentRun, 'table' | 'retrain' | 'notes' | 'warnings'>> {
  const { experiment: e, dir } = p;
  // Half-written files of a killed run go first, as `run` does.
  await removeStaleTempFiles(dir);
  await removeStaleTempFiles(join(dir, 'cache', 'tmp'));
  if (p.kind === 'sweep') {
    const config = sweepConfigOf(study, e, dir);
    const result = await runSweep(config, { onProgress: (s) => progress(s.done, s.total, s.current) });
    await storeResults(result, dir);
    if (result.streams) await storeStreams(result.streams, dir);
    return { table: studyTable(result), notes: result.notes ?? [], warnings: result.warnings ?? [] };
  }
  if (p.kind === 'action') {
    const result = await runActionSweep(actionConfigOf(study, e, dir), { onProgress: (s) => progress(s.done, s.total, s.current) });
    await storeResults(result, dir);
    return { table: studyTable(result), notes: [], warnings: [] };
  }
  // Retraining: the ref: models are cached once for the whole study, in <out>/cache.
  const options = await retrainOptionsOf(e, dir, join(out, 'cache'));
  const retrain = await runRetrainStudy({
    ...options,
    onProgress: (message) => progress(0, 0, message.trim(), true),
    onEpoch: (run, r) => progress(0, 0, `${run} epoch ${r.epoch}: loss ${r.loss.toFixed(4)}`, true),
  });
  return { retrain, notes: [], warnings: [] };
}
