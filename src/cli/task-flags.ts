import type { Command } from 'commander';
import { DEPTH_SCALES } from '../datasets/depth-folder.js';
import { invalidParameter, LossyvisionError } from '../errors.js';
import { DEPTH_CROPS } from '../tasks/depth/crop.js';
import type { DepthCrop } from '../tasks/depth/types.js';
import type { PckReference } from '../tasks/pose/pck.js';
import type { TaskOptions } from '../tasks/registry.js';

/** The flags as commander hands them over: strings, validated here. */
export interface TaskFlagValues {
  minDepth?: string;
  maxDepth?: string;
  crop?: string;
  depthScale?: string;
  pckAlpha?: string;
  pckReference?: string;
  personDetector?: string;
  numClasses?: string;
  ignoreIndex?: string;
  scoreThreshold?: string;
}

interface TaskFlag {
  readonly flag: string;
  readonly key: keyof TaskFlagValues;
  readonly description: string;
  /** Tasks the setting means something for; given with another task it is an error, not silently ignored. */
  readonly tasks: readonly string[];
}

const PCK_REFERENCES: readonly PckReference[] = ['head', 'torso'];

/** Settings the library's metrics, readers and adapters take, as `run` (and `predict`) flags. */
const TASK_FLAGS: readonly TaskFlag[] = [
  { flag: '--min-depth <metres>', key: 'minDepth', tasks: ['depth'], description: 'depth: ground truth counts above this; predictions are clamped to it (default 0.001)' },
  { flag: '--max-depth <metres>', key: 'maxDepth', tasks: ['depth'], description: 'depth: ground truth counts below this; predictions are clamped to it (KITTI: 80; default no cap)' },
  { flag: '--crop <crop>', key: 'crop', tasks: ['depth'], description: `depth: evaluation crop, one of ${[...DEPTH_CROPS.keys()].join(', ')} (default none)` },
  { flag: '--depth-scale <units>', key: 'depthScale', tasks: ['depth'], description: `depth PNG units per metre: a number or one of ${[...DEPTH_SCALES.keys()].join(', ')} (default kitti)` },
  { flag: '--pck-alpha <fraction>', key: 'pckAlpha', tasks: ['pose'], description: 'pose: PCK threshold as a fraction of the reference size (default 0.5)' },
  { flag: '--pck-reference <part>', key: 'pckReference', tasks: ['pose'], description: `pose: PCK reference size, one of ${PCK_REFERENCES.join(', ')} (default head: PCKh)` },
  { flag: '--person-detector <spec>', key: 'personDetector', tasks: ['pose'], description: 'pose: detection model whose person boxes a top-down .onnx pose model crops (default: the whole image)' },
  { flag: '--num-classes <n>', key: 'numClasses', tasks: ['segmentation'], description: 'segmentation: number of classes scored (default: from the dataset, else 256)' },
  { flag: '--ignore-index <label>', key: 'ignoreIndex', tasks: ['segmentation'], description: 'segmentation: ground-truth label left out of the scores (default: the dataset\'s, else 255)' },
  { flag: '--score-threshold <score>', key: 'scoreThreshold', tasks: ['detection', 'pose'], description: 'detection and pose models: answers scoring at or below this are dropped (default: the model\'s)' },
];

/** Adds the task-specific flags to a command. */
export function addTaskFlags(command: Command): Command {
  for (const f of TASK_FLAGS) command.option(f.flag, f.description);
  return command;
}

/** What the flags become: task metric settings, reader settings and model options. */
export interface TaskSettings {
  taskOptions?: TaskOptions;
  datasetOptions?: { depthScale?: number | string };
  modelOptions: { scoreThreshold?: number; personDetector?: string };
}

const flagName = (key: keyof TaskFlagValues): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function number(key: keyof TaskFlagValues, text: string | undefined, expected: string, ok: (v: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !ok(value)) throw invalidParameter(expected, flagName(key), Number.isNaN(value) ? text : value);
  return value;
}

function choice<T extends string>(key: keyof TaskFlagValues, text: string | undefined, values: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!values.includes(text as T)) throw invalidParameter(`one of: ${values.join(', ')}`, flagName(key), text);
  return text as T;
}

/** Validates the flags (house template, flag names) and sorts them into where they apply. */
export function taskSettings(task: string, flags: TaskFlagValues): TaskSettings {
  for (const f of TASK_FLAGS) {
    if (flags[f.key] !== undefined && !f.tasks.includes(task)) {
      throw new LossyvisionError('INVALID_ARGUMENT', `--${flagName(f.key)} applies to task ${f.tasks.join(' or ')}, not ${task}`);
    }
  }
  const minDepthM = number('minDepth', flags.minDepth, 'number ≥ 0', (v) => Number.isFinite(v) && v >= 0);
  const maxDepthM = number('maxDepth', flags.maxDepth, `number greater than min-depth (${minDepthM ?? 0.001})`, (v) => v > (minDepthM ?? 0.001));
  const crop = choice<DepthCrop>('crop', flags.crop, [...DEPTH_CROPS.keys()]);
  let depthScale: number | string | undefined = flags.depthScale;
  if (depthScale !== undefined && !DEPTH_SCALES.has(depthScale)) {
    depthScale = number('depthScale', depthScale, `positive number or one of: ${[...DEPTH_SCALES.keys()].join(', ')}`, (v) => Number.isFinite(v) && v > 0);
  }
  const alpha = number('pckAlpha', flags.pckAlpha, 'positive number', (v) => Number.isFinite(v) && v > 0);
  const reference = choice<PckReference>('pckReference', flags.pckReference, PCK_REFERENCES);
  const numClasses = number('numClasses', flags.numClasses, 'integer between 1 and 65536', (v) => Number.isInteger(v) && v >= 1 && v <= 65536);
  const ignoreIndex = number('ignoreIndex', flags.ignoreIndex, 'integer', Number.isInteger);
  const scoreThreshold = number('scoreThreshold', flags.scoreThreshold, 'number between 0 and 1', (v) => v >= 0 && v <= 1);

  const defined = <T extends object>(o: T): T | undefined => {
    const kept = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    return Object.keys(kept).length > 0 ? kept : undefined;
  };
  const pck = defined({ alpha, reference });
  return {
    taskOptions: defined<TaskOptions>({ minDepthM, maxDepthM, crop, numClasses, ignoreIndex, ...(pck ? { pck } : {}) }),
    datasetOptions: defined({ depthScale }),
    modelOptions: defined({ scoreThreshold, personDetector: flags.personDetector }) ?? {},
  };
}
