/**
 * The tasks lossyvision knows, and every registry derived from them. Adding a task is one folder
 * with a `task.ts` that calls `defineTask`, and one entry in TASKS.
 */
import { LossyvisionError, unknownId } from '../errors.js';
import type { RetrainTask, TrainingSet } from '../retrain/task.js';
import { action } from './action/task.js';
import { classification } from './classification/task.js';
import { depth } from './depth/task.js';
import { detection } from './detection/task.js';
import { applyOptions, flagKey, flagName, type TaskOption, type TaskOptions, type TaskSettings } from './options.js';
import { pose } from './pose/task.js';
import { segmentation } from './segmentation/task.js';
import { configureTask, type DatasetInfo, type EvalHandler, type MetricBinding, type MetricMeaning, type TaskDeclaration, type TaskDefinition } from './task.js';

export const TASKS = [detection, pose, segmentation, depth, classification, action] as const;

/** "detection" | "pose" | …: the name of a declared task. */
export type TaskName = (typeof TASKS)[number]['id'];

export const TASK_NAMES: readonly TaskName[] = TASKS.map((t) => t.id);

/** Tasks whose samples are images (or video frames) swept through the image engine; action sweeps whole videos. */
export const IMAGE_TASK_NAMES: readonly TaskName[] = TASK_NAMES.filter((t) => t !== 'action');

export function isTaskName(id: string): id is TaskName {
  return (TASK_NAMES as readonly string[]).includes(id);
}

/** A task's declaration by name, or an error listing the tasks. */
export function taskDeclaration(id: string): TaskDeclaration {
  const task = TASKS.find((t) => t.id === id);
  if (!task) throw unknownId('task', id, TASK_NAMES);
  return task;
}

/** A task with its metric settings applied, as a sweep uses it. */
export function getTask(id: string, options?: TaskOptions): TaskDefinition {
  return configureTask(taskDeclaration(id), options);
}

/** Every task option once (a shared one, like --score-threshold, appears once), with the tasks it applies to. */
export function allTaskOptions(): { option: TaskOption; tasks: TaskName[] }[] {
  const byFlag = new Map<string, { option: TaskOption; tasks: TaskName[] }>();
  for (const task of TASKS) {
    for (const option of task.options) {
      const entry = byFlag.get(option.flag) ?? { option, tasks: [] };
      entry.tasks.push(task.id);
      byFlag.set(option.flag, entry);
    }
  }
  return [...byFlag.values()];
}

/**
 * Validates the task flags given to a command (house template, flag names) and sorts them into
 * where they apply. A flag of another task is an error, not silently ignored.
 */
export function taskSettings(task: string, given: object): TaskSettings {
  const flags = given as Readonly<Record<string, unknown>>;
  for (const { option, tasks } of allTaskOptions()) {
    if (flags[flagKey(option)] !== undefined && !(tasks as string[]).includes(task)) {
      throw new LossyvisionError('INVALID_ARGUMENT', `${flagName(option)} applies to task ${tasks.join(' or ')}, not ${task}`);
    }
  }
  const settings = applyOptions(taskDeclaration(task).options, flags);
  return {
    ...(settings.taskOptions ? { taskOptions: settings.taskOptions } : {}),
    ...(settings.datasetOptions ? { datasetOptions: settings.datasetOptions } : {}),
    modelOptions: settings.modelOptions,
  };
}

/** Tasks `lossyvision eval` scores, each with its protocols. */
export function evalTasks(): { id: TaskName; protocols: string[]; default?: string }[] {
  return TASKS.flatMap((t) => ('eval' in t && t.eval ? [{ id: t.id, protocols: Object.keys(t.eval.protocols), default: t.eval.default }] : []));
}

/** The eval handler for a task and protocol, or an error listing what exists. */
export function evalHandler(task: string, protocol: string | undefined): EvalHandler {
  const known = evalTasks();
  const entry = known.find((t) => t.id === task);
  const declared = TASKS.find((t) => t.id === task)?.eval;
  if (!entry || !declared) throw unknownId('task', task, known.map((t) => t.id));
  if (entry.default === undefined) {
    // One way of scoring: there is nothing to choose.
    if (protocol !== undefined) throw new LossyvisionError('INVALID_ARGUMENT', `task ${task} has a single protocol; leave out --protocol`);
    return declared.protocols[entry.protocols[0]];
  }
  const chosen = protocol ?? entry.default;
  const handler = declared.protocols[chosen];
  if (!handler) throw unknownId(`protocol for ${task}`, chosen, entry.protocols);
  return handler;
}

/** Tasks `lossyvision retrain` can train. */
export const RETRAIN_TASK_NAMES: readonly TaskName[] = TASKS.filter((t) => t.retrain !== undefined).map((t) => t.id);

/** What retraining needs from a task (loaded on demand: it brings TF.js Layers). */
export async function retrainTask(id: string): Promise<RetrainTask<TrainingSet>> {
  const task = TASKS.find((t) => t.id === id);
  if (!task?.retrain) throw unknownId('retraining task', id, RETRAIN_TASK_NAMES);
  return task.retrain();
}

/** Every retrainable task's hooks, in TASKS order. */
export function retrainTasks(): Promise<RetrainTask<TrainingSet>[]> {
  return Promise.all(RETRAIN_TASK_NAMES.map(retrainTask));
}

/**
 * The metric bindings a stored run was scored with (its task and metric settings), for code that
 * rebuilds metrics from stored per-sample states (the report's bootstrap); none for an unknown task.
 */
export function storedMetrics(task: string, options: TaskOptions | undefined, dataset: DatasetInfo): MetricBinding[] {
  return isTaskName(task) ? getTask(task, options).createMetrics(dataset) : [];
}

/** What a stored metric family's values mean (headline, direction, bootstrap repeats), from its task's declaration. */
export function metricMeaning(task: string, family: string, options?: TaskOptions): MetricMeaning | undefined {
  // Every binding a task can make: VOC data adds the VOC metric to detection's.
  return storedMetrics(task, options, { format: 'voc', categories: new Map() }).find((b) => b.metric.name === family);
}
