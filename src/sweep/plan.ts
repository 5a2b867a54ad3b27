import { settingLabel } from '../codecs/levels.js';
import type { Fidelity } from '../fidelity/fidelity.js';
import type { OpenDatasetOptions } from '../datasets/registry.js';
import type { TaskName } from '../models/model.js';
import type { TaskOptions } from '../tasks/options.js';

/** Per-frame sweep settings for video data (`--frame-stride`, `--max-frames`). */
export interface VideoSweepOptions {
  /** Score every Nth frame (0, N, 2N, …); every frame is still encoded, as the codec needs them. Default 1. */
  readonly frameStride?: number;
  /** Use only the first N frames of each video. */
  readonly maxFrames?: number;
}

export type CodecParams = Record<string, string | number | boolean>;

/** One compression condition: the pristine baseline or one codec at one level. */
export type Condition =
  | { readonly codec: 'pristine'; readonly level: null }
  | { readonly codec: string; readonly level: number; readonly params?: CodecParams };

export const PRISTINE: Condition = { codec: 'pristine', level: null };

/** A cell of the grid: one model under one condition, the unit of work and of results. */
export interface Cell {
  readonly index: number;
  readonly model: string;
  readonly modelIndex: number;
  readonly condition: Condition;
  readonly conditionIndex: number;
}

/** Everything a sweep needs to know; stored whole in the provenance. */
export interface SweepConfig {
  readonly task: TaskName;
  /** Dataset path and optional explicit format (coco, voc, folder, …). */
  readonly data: string;
  readonly dataFormat?: string;
  /** Model specs as the user gave them: "zoo:centernet", "detector.onnx". */
  readonly models: readonly string[];
  /** Codec levels, already parsed; the pristine condition is added by the plan. */
  readonly conditions: readonly Condition[];
  readonly maxSamples?: number;
  /** Seed of the sample order; the same seed gives the same order and the same subset. */
  readonly seed: number;
  /** Score above which a pristine prediction becomes reference ground truth (unlabelled data). */
  readonly referenceThreshold: number;
  /** Worker threads; 1 runs in the calling thread. */
  readonly workers: number;
  readonly cacheDir: string;
  /** Module exporting `loadModel(spec, options)`; the models folder's by default, tests may swap it. */
  readonly modelLoader?: string;
  /** Extra options passed to every loadModel call (threads, …). */
  readonly modelOptions?: Record<string, unknown>;
  /** Metric settings of the task (depth caps and crop, PCK alpha, class count, …); defaults when absent. */
  readonly taskOptions?: TaskOptions;
  /** Reader settings beyond the format (depth PNG units per metre, …). */
  readonly datasetOptions?: Pick<OpenDatasetOptions, 'depthScale'>;
  /**
   * Which fidelity measures image sweeps compute ("full": PSNR and SSIM, the default; "psnr";
   * "none"); left out when full, so default experiments keep their run ids.
   */
  readonly fidelity?: Fidelity;
  /** Video data (a video file or a folder of videos): frame stride and frame cap. */
  readonly video?: VideoSweepOptions;
}

/** The condition's codec setting ("jpeg", "jpeg@chroma=444", "pristine"): what results store and tables show as the codec. */
export function conditionSetting(condition: Condition): string {
  return condition.level === null ? condition.codec : settingLabel(condition.codec, condition.params);
}

export function conditionLabel(condition: Condition): string {
  return condition.level === null ? 'pristine' : `${condition.codec}:${condition.level}`;
}

/** Models × (pristine + levels). Pristine always comes first, exactly once. */
export function planCells(models: readonly string[], conditions: readonly Condition[]): { conditions: Condition[]; cells: Cell[] } {
  const all: Condition[] = [PRISTINE, ...conditions.filter((c) => c.level !== null)];
  const seen = new Set<string>();
  const unique = all.filter((c) => {
    const key = JSON.stringify([c.codec, c.level, c.level === null ? null : (c.params ?? {})]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const cells: Cell[] = [];
  models.forEach((model, modelIndex) => {
    unique.forEach((condition, conditionIndex) => {
      cells.push({ index: cells.length, model, modelIndex, condition, conditionIndex });
    });
  });
  return { conditions: unique, cells };
}
