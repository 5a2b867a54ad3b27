/**
 * A sweep model loader (SweepConfig.modelLoader) that knows TF.js Layers classifiers and
 * segmenters (told apart by their output: [batch, classes] or [batch, H, W, classes]), so the
 * sweep engine scores the models retraining produced exactly as `lossyvision run` scores any
 * other, and the results folder says which model is the retrained counterpart of which.
 * Anything that is not a Layers model.json goes to the standard loader.
 */
import { loadModel as loadStandardModel, type LoadModelOptions } from '../models/load.js';
import { layersModelJson } from '../models/layers-format.js';
import { layersClassifierModel } from '../models/adapters/layers-classifier.js';
import { layersSegmenterModel } from '../models/adapters/layers-segmenter.js';
import type { Model } from '../models/model.js';
import { initTrainingBackend } from './backend.js';
import { loadLayersModel } from './layers-io.js';

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

export async function layersModel(spec: string, options: RetrainSweepOptions): Promise<Model> {
  await initTrainingBackend();
  const layers = await loadLayersModel(spec);
  const perPixel = layers.outputs.length === 1 && layers.outputs[0].shape.length === 4;
  return perPixel ? layersSegmenterModel(spec, layers) : layersClassifierModel(spec, layers, options.classes);
}
