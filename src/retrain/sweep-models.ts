/**
 * A sweep model loader (SweepConfig.modelLoader) that knows TF.js Layers classifiers,
 * segmenters, CenterNet-style detectors and depth networks (by the task in their metadata;
 * unmarked models by their output: [batch, classes], [batch, H, W, classes], [batch, H, W, 1]), so the
 * sweep engine scores the models retraining produced exactly as `lossyvision run` scores any
 * other, and the results folder says which model is the retrained counterpart of which.
 * Anything that is not a Layers model.json goes to the standard loader.
 */
import { loadModel as loadStandardModel, type LoadModelOptions } from '../models/load.js';
import { layersModelJson } from '../models/layers-format.js';
import { TASKS } from '../tasks/index.js';
import type { LayersAdapter } from '../tasks/task.js';
import type { Model } from '../models/model.js';
import { initTrainingBackend } from './backend.js';
import { LossyvisionError } from '../errors.js';
import { loadLayersModel, modelTask } from './layers-io.js';

export interface RetrainSweepOptions extends LoadModelOptions {
  /** Model spec → the spec of the model it was fine-tuned from; written to provenance as `retrainedOf`. */
  retrainedOf?: Record<string, string>;
  /** Model spec → what it was trained on ("jpeg:10", "pristine (control)"), for provenance. */
  trainedOn?: Record<string, string>;
  /** Class names in label order. */
  classes?: string[];
}

export async function loadModel(spec: string, options: RetrainSweepOptions = {}): Promise<Model> {
  const file = await layersModelJson(spec);
  const model = file === undefined ? await loadStandardModel(spec, options) : await layersModel(spec, options);
  const base = options.retrainedOf?.[spec];
  if (base !== undefined) model.provenance.retrainedOf = base;
  const trainedOn = options.trainedOn?.[spec];
  if (trainedOn !== undefined) model.provenance.trainedOn = trainedOn;
  return model;
}

/** One adapter per task a Layers model can be marked with (layers-io.ts `setModelTask`), from the tasks' declarations. */
const LAYERS_ADAPTERS: Readonly<Record<string, LayersAdapter>> = Object.fromEntries(
  TASKS.flatMap((t) => (t.adapters.layers ? [[t.id, t.adapters.layers] as const] : [])),
);

export async function layersModel(spec: string, options: RetrainSweepOptions): Promise<Model> {
  await initTrainingBackend();
  const layers = await loadLayersModel(spec);
  // Unmarked models (a user's Keras export) take the task being scored when it has an adapter (a
  // CenterNet output looks like a score map), else are told apart by their output: [batch, classes],
  // [batch, H, W, classes] or, one channel, [batch, H, W, 1] depth.
  const scored = options.task !== undefined && options.task in LAYERS_ADAPTERS ? options.task : undefined;
  const output = layers.outputs.length === 1 ? layers.outputs[0].shape : [];
  const task = modelTask(layers) ?? scored ?? (output.length === 4 ? (output[3] === 1 ? 'depth' : 'segmentation') : 'classification');
  const adapter = LAYERS_ADAPTERS[task];
  if (!adapter) throw new LossyvisionError('UNSUPPORTED', `Expected a Layers model for ${Object.keys(LAYERS_ADAPTERS).join(', ')} but this one is marked "${task}"`, { file: spec });
  return adapter(spec, layers, { classes: options.classes });
}
