import { join } from 'node:path';
import { parseCodecLevels, presetLevels } from '../codecs/levels.js';
import { LossyvisionError } from '../errors.js';
import type { TaskName } from '../models/model.js';
import { taskSettings } from '../tasks/index.js';
import { conditionsOf } from './conditions.js';
import { defaultWorkers, SWEEP_DEFAULTS } from './defaults.js';
import type { SweepProgress, SweepResult } from './result.js';
import { runSweep } from './run.js';

/** What `sweep()` takes: the `run` command's flags as data, with its defaults. */
export interface SweepRequest {
  /** Default detection. */
  readonly task?: TaskName;
  /** "zoo:centernet", "detector.onnx", "model.onnx@config.json", … */
  readonly models: readonly string[];
  /** A dataset, a plain folder of images (reference mode), or a video. */
  readonly data: string;
  /** Level grammar: "jpeg:75,30,10", "webp:90..10/20", "h264:23,30@preset=fast". */
  readonly codecs?: readonly string[];
  /** Named level sets: "paper", "imagenet-c". */
  readonly presets?: readonly string[];
  /** Default results/cache, as `run --out results`. */
  readonly cacheDir?: string;
  readonly maxSamples?: number;
  readonly seed?: number;
  readonly workers?: number;
  readonly referenceThreshold?: number;
  /** Task settings by their flag's name in camelCase (`scoreThreshold`, `pckAlpha`, …), checked as the CLI checks them. */
  readonly taskFlags?: Readonly<Record<string, unknown>>;
  /** Called after every sample (and once before the first). */
  readonly onProgress?: (progress: SweepProgress) => void;
}

/**
 * The study in one call, with `lossyvision run`'s defaults: models × (pristine + codec levels)
 * over the data. Pass the result to `analyse` for the safe levels; `storeResults` writes it.
 */
export function sweep(request: SweepRequest): Promise<SweepResult> {
  const task = request.task ?? SWEEP_DEFAULTS.task;
  const specs = [...(request.presets ?? []).flatMap(presetLevels), ...(request.codecs ?? []).map(parseCodecLevels)];
  if (specs.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one codec or preset for sweep');
  const settings = taskSettings(task, request.taskFlags ?? {});
  return runSweep(
    {
      task,
      data: request.data,
      models: request.models,
      conditions: conditionsOf(specs),
      maxSamples: request.maxSamples,
      seed: request.seed ?? SWEEP_DEFAULTS.seed,
      referenceThreshold: request.referenceThreshold ?? SWEEP_DEFAULTS.referenceThreshold,
      workers: request.workers ?? defaultWorkers(request.models),
      cacheDir: request.cacheDir ?? join(SWEEP_DEFAULTS.out, 'cache'),
      ...settings,
    },
    { onProgress: request.onProgress },
  );
}
