/**
 * A sweep model loader (SweepConfig.modelLoader) that knows TF.js Layers classifiers, so the
 * sweep engine scores the models retraining produced exactly as `lossyvision run` scores any
 * other, and the results folder says which model is the retrained counterpart of which.
 * Anything that is not a Layers model.json goes to the standard loader.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadModel as loadStandardModel, type LoadModelOptions } from '../models/load.js';
import { layersClassifierModel } from '../models/adapters/layers-classifier.js';
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

/** The model.json of a spec, when the spec is a Layers model (folder or file); undefined otherwise. */
async function layersModelJson(spec: string): Promise<string | undefined> {
  const info = await stat(spec).catch(() => undefined);
  if (!info) return undefined;
  const file = info.isDirectory() ? path.join(spec, 'model.json') : spec;
  if (!file.toLowerCase().endsWith('.json')) return undefined;
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return (JSON.parse(text) as { format?: unknown }).format === 'layers-model' ? file : undefined;
  } catch {
    return undefined;
  }
}

export async function loadModel(spec: string, options: RetrainSweepOptions = {}): Promise<Model> {
  const file = await layersModelJson(spec);
  const model = file === undefined ? await loadStandardModel(spec, options) : await layersClassifier(spec, options);
  const base = options.retrainedOf?.[spec];
  if (base !== undefined) model.provenance.retrainedOf = base;
  const trainedOn = options.trainedOn?.[spec];
  if (trainedOn !== undefined) model.provenance.trainedOn = trainedOn;
  return model;
}

async function layersClassifier(spec: string, options: RetrainSweepOptions): Promise<Model> {
  await initTrainingBackend();
  return layersClassifierModel(spec, await loadLayersModel(spec), options.classes);
}
