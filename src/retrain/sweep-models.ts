/**
 * A sweep model loader (SweepConfig.modelLoader) that knows TF.js Layers classifiers,
 * segmenters and CenterNet-style detectors (by the task in their metadata; unmarked models by
 * their output: [batch, classes] or [batch, H, W, classes]), so the
 * sweep engine scores the models retraining produced exactly as `lossyvision run` scores any
 * other, and the results folder says which model is the retrained counterpart of which.
 * Anything that is not a Layers model.json goes to the standard loader.
 */
import { loadModel as loadStandardModel, type LoadModelOptions } from '../models/load.js';
import { layersModelJson } from '../models/layers-format.js';
import { layersClassifierModel } from '../models/adapters/layers-classifier.js';
import { layersSegmenterModel } from '../models/adapters/layers-segmenter.js';
import { layersDetectorModel } from '../models/adapters/layers-detector.js';
import type { Model } from '../models/model.js';
import { initTrainingBackend } from './backend.js';
import type * as tfl from '@tensorflow/tfjs-layers';
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

type LayersAdapter = (spec: string, layers: tfl.LayersModel, options: RetrainSweepOptions) => Promise<Model>;

/** One adapter per task a Layers model can be marked with (layers-io.ts `setModelTask`). */
const LAYERS_ADAPTERS: Record<string, LayersAdapter> = {
  classification: (spec, layers, options) => layersClassifierModel(spec, layers, options.classes),
  segmentation: (spec, layers) => layersSegmenterModel(spec, layers),
  detection: (spec, layers) => layersDetectorModel(spec, layers),
};

export async function layersModel(spec: string, options: RetrainSweepOptions): Promise<Model> {
  await initTrainingBackend();
  const layers = await loadLayersModel(spec);
  // Unmarked models (a user's Keras export) take the task being scored when it has an adapter (a
  // CenterNet output looks like a score map), else are told apart by their output: [batch, classes] or [batch, H, W, classes].
  const scored = options.task !== undefined && options.task in LAYERS_ADAPTERS ? options.task : undefined;
  const task = modelTask(layers) ?? scored ?? (layers.outputs.length === 1 && layers.outputs[0].shape.length === 4 ? 'segmentation' : 'classification');
  const adapter = LAYERS_ADAPTERS[task];
  if (!adapter) throw new LossyvisionError('UNSUPPORTED', `Expected a Layers model for ${Object.keys(LAYERS_ADAPTERS).join(', ')} but this one is marked "${task}"`, { file: spec });
  return adapter(spec, layers, options);
}
