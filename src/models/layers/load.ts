/**
 * Loads a TF.js Layers model (what `retrain` writes, or a user's Keras export) as a sweep model:
 * the adapter is the one its task declares for Layers models (`adapters.layers`), picked by the
 * task marked in its metadata (metadata.ts `setModelTask`); unmarked models by their output:
 * [batch, classes], [batch, H, W, classes], [batch, H, W, 1].
 */
import { LossyvisionError } from '../../errors.js';
import { TASKS } from '../../tasks/index.js';
import type { LayersAdapter } from '../../tasks/task.js';
import type { LoadModelOptions } from '../load.js';
import type { Model } from '../model.js';
import { initLayersBackend } from './backend.js';
import { loadLayersModel } from './io.js';
import { modelTask } from './metadata.js';

export interface LayersModelOptions extends LoadModelOptions {
  /** Class names in label order. */
  classes?: string[];
}

/** One adapter per task a Layers model can be marked with, from the tasks' declarations. */
const LAYERS_ADAPTERS: Readonly<Record<string, LayersAdapter>> = Object.fromEntries(
  TASKS.flatMap((t) => (t.adapters.layers ? [[t.id, t.adapters.layers] as const] : [])),
);

export async function layersModel(spec: string, options: LayersModelOptions): Promise<Model> {
  await initLayersBackend();
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
