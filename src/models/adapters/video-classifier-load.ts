import { dirname, extname, resolve } from 'node:path';
import { LossyvisionError } from '../../errors.js';
import { layersModelJson } from '../layers-format.js';
import { loadOnnxRuntime, type OnnxRuntimeOptions } from '../runtimes/onnx.js';
import { readModelConfigJson } from './image-input-config.js';
import { parseTwoStreamConfig } from './two-stream-config.js';
import { TwoStreamModel } from './two-stream.js';
import { parseVideoClassifierConfig } from './video-classifier-config.js';
import { VideoClassifier, type ActionModel } from './video-classifier.js';

export interface ActionModelOptions extends OnnxRuntimeOptions {
  /** A config JSON for a `.onnx` spec (video classifier fields). */
  readonly modelConfig?: string;
}

/**
 * An action model from a spec: a `.onnx` video classifier (settings from `modelConfig`, or the
 * graph's declared input), or a `.json` config naming its graph(s) — a video classifier with
 * `model`, or a two-stream model with `spatial` and `temporal`. Paths in a config are relative to it.
 * A TF.js Layers model (folder or model.json) is a two-stream network (layers-two-stream.ts).
 */
export async function loadActionModel(spec: string, options: ActionModelOptions = {}): Promise<ActionModel> {
  const { modelConfig, ...runtimeOptions } = options;
  // A TF.js Layers model (a two-stream network retrained by `retrain --task action`) runs on TF.js, loaded only when asked for.
  if (await layersModelJson(spec)) return (await import('./layers-two-stream.js')).loadLayersTwoStream(spec);
  const ext = extname(spec).toLowerCase();
  if (ext === '.onnx') {
    const config = modelConfig ? parseVideoClassifierConfig(await readModelConfigJson(modelConfig), modelConfig) : {};
    return VideoClassifier.create(spec, await loadOnnxRuntime(spec, runtimeOptions), config);
  }
  if (ext !== '.json') throw new LossyvisionError('INVALID_ARGUMENT', `Expected an action model as a .onnx file or a .json config but received "${spec}"`, { file: spec });
  const json = await readModelConfigJson(spec);
  const at = (file: string): string => resolve(dirname(spec), file);
  if ('spatial' in json || 'temporal' in json) {
    const config = parseTwoStreamConfig(json, spec);
    if (!config.spatial.model) throw new LossyvisionError('INVALID_FILE', 'Expected the spatial stream\'s "model" (an .onnx path)', { file: spec, entry: 'spatial.model' });
    const spatial = await VideoClassifier.create(spec, await loadOnnxRuntime(at(config.spatial.model), runtimeOptions), { ...config.spatial, classes: config.classes });
    try {
      return await TwoStreamModel.create(spec, spatial, await loadOnnxRuntime(at(config.temporal.model), runtimeOptions), config);
    } catch (error) {
      await spatial.dispose();
      throw error;
    }
  }
  const config = parseVideoClassifierConfig(json, spec);
  if (!config.model) throw new LossyvisionError('INVALID_FILE', 'Expected "model" (an .onnx path) in a video classifier config', { file: spec, entry: 'model' });
  return VideoClassifier.create(spec, await loadOnnxRuntime(at(config.model), runtimeOptions), config);
}
