import { invalidParameter } from '../errors.js';
import { numberFlag } from '../validate.js';
import type { DepthOptions } from './depth/types.js';
import type { PckOptions } from './pose/pck.js';
import type { SegmentationOptions } from './segmentation/types.js';

/**
 * Metric settings a user may change (`--max-depth`, `--pck-alpha`, `--num-classes`, …), one flat
 * object: each task takes the fields that concern it.
 */
export interface TaskOptions extends Partial<DepthOptions>, Partial<SegmentationOptions> {
  /** The PCK metric's settings; default PCKh@0.5 (head size: the ear-to-ear distance). */
  pck?: PckOptions;
  /** Reference mode: pristine keypoints scoring at least this are ground truth. */
  referenceKeypointThreshold?: number;
}

/** What task flags become: metric settings, reader settings and model options. */
export interface TaskSettings {
  taskOptions?: TaskOptions;
  datasetOptions?: { depthScale?: number | string };
  modelOptions: { scoreThreshold?: number; personDetector?: string };
}

/** A flag value as commander hands it over (a string) or a library caller passes it (a number). */
export type FlagValue = string | number;

/**
 * One user setting of a task, with its flag. `apply` validates the value (house error template,
 * naming the flag) and puts it where it belongs; `given` holds every flag of the command, for
 * settings that depend on another (max-depth > min-depth).
 */
export interface TaskOption {
  /** commander syntax: "--pck-alpha <fraction>". */
  readonly flag: string;
  readonly description: string;
  /** `lossyvision eval` reads it too (reader and metric settings; model settings do not apply to files). */
  readonly eval?: boolean;
  apply(value: FlagValue, settings: TaskSettings, given: Readonly<Record<string, FlagValue | undefined>>): void;
}

/** "--pck-alpha <fraction>" → "--pck-alpha". */
export function flagName(option: TaskOption): string {
  return option.flag.split(' ')[0];
}

/** "--pck-alpha" → "pckAlpha": the key commander stores the value under. */
export function flagKey(option: TaskOption): string {
  return flagName(option).slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A choice flag: one of `values`. */
export function choiceValue<T extends string>(value: FlagValue, flag: string, values: readonly T[]): T {
  if (!values.includes(String(value) as T)) throw invalidParameter(`one of: ${values.join(', ')}`, flag, value);
  return String(value) as T;
}

/** Settings objects get a field only when a flag gave it: undefined fields stay absent. */
export function setOption<K extends keyof TaskSettings>(settings: TaskSettings, where: K, patch: NonNullable<TaskSettings[K]>): void {
  settings[where] = { ...(settings[where] ?? {}), ...patch } as TaskSettings[K];
}

/** Detection and pose models: answers scoring at or below this are dropped. */
export const scoreThresholdOption: TaskOption = {
  flag: '--score-threshold <score>',
  description: 'detection and pose models: answers scoring at or below this are dropped (default: the model\'s)',
  apply: (value, settings) => {
    settings.modelOptions.scoreThreshold = numberFlag(value, '--score-threshold', 'number between 0 and 1', (v) => v >= 0 && v <= 1);
  },
};

/** Applies the options of one table that `given` sets (keys as commander names them), in table order. */
export function applyOptions(options: readonly TaskOption[], given: object): TaskSettings {
  const settings: TaskSettings = { modelOptions: {} };
  const values = given as Readonly<Record<string, FlagValue | undefined>>;
  for (const option of options) {
    const value = values[flagKey(option)];
    if (value !== undefined) option.apply(value, settings, values);
  }
  return settings;
}
