import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runActionSweep } from '../sweep/action-run.js';
import { runSweep } from '../sweep/run.js';
import { actionConfigOf, sweepConfigOf, type PlannedExperiment } from './plan.js';
import type { Study } from './schema.js';

/** Samples a probe sweeps: the first costs warm-up (model load, wasm compile), so one more. */
export const PROBE_SAMPLES = 2;

export interface Estimate {
  /** Model loading and dataset opening, once per experiment. */
  readonly startupMs: number;
  /** One sample through every cell. */
  readonly perSampleMs: number;
  /** startup + per sample × the experiment's samples. */
  readonly totalMs: number;
  readonly probed: number;
}

/**
 * Times a sweep of the experiment's first samples with an empty cache of its own (deleted after),
 * so nothing is reused and the study's folders are not touched. Retraining is not probed: its
 * time is the training's, which a few samples do not tell; null for it and for sizes unknown.
 */
export async function probeExperiment(study: Study, p: PlannedExperiment): Promise<Estimate | null> {
  if (p.kind === 'retrain' || p.samples === null) return null;
  const dir = await mkdtemp(join(tmpdir(), 'lossyvision-probe-'));
  try {
    const probed = Math.min(PROBE_SAMPLES, p.samples);
    if (p.kind === 'action') {
      const t0 = performance.now();
      await runActionSweep({ ...actionConfigOf(study, p.experiment, dir), maxVideos: probed });
      const perSampleMs = (performance.now() - t0) / probed;
      return { startupMs: 0, perSampleMs, totalMs: perSampleMs * p.samples, probed };
    }
    const result = await runSweep({ ...sweepConfigOf(study, p.experiment, dir), maxSamples: probed });
    const perSampleMs = Math.max(0, result.stats.wallMs - result.stats.startupMs) / probed;
    return { startupMs: result.stats.startupMs, perSampleMs, totalMs: result.stats.startupMs + perSampleMs * p.samples, probed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
