/**
 * A sweep model loader (SweepConfig.modelLoader) for retraining studies: Layers models (what
 * retraining produced) through models/layers/load.ts, anything else through the standard loader,
 * so the sweep engine scores retrained models exactly as `lossyvision run` scores any other; the
 * results folder says which model is the retrained counterpart of which, and what it was trained on.
 */
import { loadModel as loadStandardModel } from '../models/load.js';
import { layersModelJson } from '../models/layers-format.js';
import { layersModel, type LayersModelOptions } from '../models/layers/load.js';
import type { Model } from '../models/model.js';

export interface RetrainSweepOptions extends LayersModelOptions {
  /** Model spec → the spec of the model it was fine-tuned from; written to provenance as `retrainedOf`. */
  retrainedOf?: Record<string, string>;
  /** Model spec → what it was trained on ("jpeg:10", "pristine (control)"), for provenance. */
  trainedOn?: Record<string, string>;
  /** Model spec → the name people read in reports ("ref:segnet · retrained on jpeg:5"), for provenance. */
  names?: Record<string, string>;
}

export async function loadModel(spec: string, options: RetrainSweepOptions = {}): Promise<Model> {
  const file = await layersModelJson(spec);
  const model = file === undefined ? await loadStandardModel(spec, options) : await layersModel(spec, options);
  const base = options.retrainedOf?.[spec];
  if (base !== undefined) model.provenance.retrainedOf = base;
  const trainedOn = options.trainedOn?.[spec];
  if (trainedOn !== undefined) model.provenance.trainedOn = trainedOn;
  const name = options.names?.[spec];
  if (name !== undefined) model.provenance.name = name;
  return model;
}
