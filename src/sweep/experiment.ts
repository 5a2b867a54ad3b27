import { canonicalJson } from '../json.js';
import { sha256 } from './cache.js';
import { resolvedCondition } from './conditions.js';
import type { Condition } from './plan.js';

/** Settings that decide how fast a sweep runs or where it keeps things, never its numbers. */
const RUN_SETTINGS = ['workers', 'cacheDir', 'modelLoader'] as const;
/** Model options of the same kind: onnxruntime's thread count, images per inference call. */
const RUN_MODEL_OPTIONS = ['intraOpNumThreads', 'batch'] as const;

/**
 * A sweep's experiment: its configuration with everything that does not change the numbers
 * left out (workers, threads, the cache folder, the model loader's install path) and codec
 * parameters resolved, so `--threads 1` and `--threads 2`, or two install folders, are one
 * experiment. Image, video and action sweeps all go through here.
 */
export function experimentOf<C extends { readonly conditions: readonly Condition[]; readonly modelOptions?: object }>(config: C): Record<string, unknown> {
  const experiment: Record<string, unknown> = { ...config };
  for (const key of RUN_SETTINGS) delete experiment[key];
  const modelOptions: Record<string, unknown> = { ...(config.modelOptions ?? {}) };
  for (const key of RUN_MODEL_OPTIONS) delete modelOptions[key];
  experiment.modelOptions = modelOptions;
  experiment.conditions = config.conditions.map(resolvedCondition);
  return experiment;
}

/**
 * The run id names the experiment, not the invocation: the same sweep run again (say, after a
 * resume, or with other threads) replaces its rows instead of adding a second copy.
 */
export function experimentId(experiment: unknown): string {
  return sha256(canonicalJson(experiment)).slice(0, 16);
}
