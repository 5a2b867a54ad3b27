import { stat } from 'node:fs/promises';
import path from 'node:path';
import { LossyvisionError, unknownId } from '../errors.js';
import type { Detection } from '../tasks/detection/types.js';
import { createAdaptedModel } from './adapted-model.js';
import { DETECTOR_FORMATS, parseDetectorConfig, type DetectorConfig, type DetectorConfigInput } from './adapters/detector-config.js';
import { detectorFormatHint, guessDetectorFormat } from './adapters/detector-format.js';
import { detectorAdapters } from './adapters/registry.js';
import { readModelConfigJson } from './adapters/image-input-config.js';
import { poseFormatOf } from './adapters/pose-formats.js';
import { sha256Files } from './hash-files.js';
import type { Model, TaskName } from './model.js';
import type { Runtime } from './runtimes/runtime.js';
import { layersModelJson } from './layers-format.js';
import type { TfjsBackendName } from './runtimes/tfjs.js';
import { humanModelsDir, humanModelsVersion } from './zoo/human-models.js';
import type { ZooDetectorOptions } from './zoo/options.js';
import { zoo } from './zoo/registry.js';

export interface LoadModelOptions extends ZooDetectorOptions {
  /** The task the caller will score; a model built for another task is refused. */
  task?: TaskName;
  /** Path of a model config JSON (`--model-config`) for user models; `model.onnx@config.json` as the spec says the same. */
  modelConfig?: string;
  /** Settings given as flags; they override the config file field by field. */
  config?: DetectorConfigInput;
  /** onnxruntime intra-op threads; default all cores. */
  intraOpNumThreads?: number;
  /** Most images per inference call for a graph with a dynamic batch axis (models/batch.ts); 1: one at a time. */
  batch?: number;
  /** onnxruntime CUDA execution provider. */
  cuda?: boolean;
  tfjsBackend?: TfjsBackendName;
  /** Top-down ONNX pose models: a detection model spec whose person boxes are cropped (default: the whole image). */
  personDetector?: string;
  /** false: skip the load-time probe inference, for a sweep worker whose models another worker has checked. */
  probe?: boolean;
}

export type DetectionModel = Model<Detection[]>;

const ZOO_PREFIX = 'zoo:';

function zooIds(): string[] {
  return [...zoo.keys()].map((k) => ZOO_PREFIX + k);
}

function checkTask(spec: string, actual: TaskName, wanted: TaskName | undefined): void {
  if (wanted && wanted !== actual) {
    throw new LossyvisionError('INVALID_ARGUMENT', `model ${spec} is a ${actual} model, expected a ${wanted} model`);
  }
}

async function loadZoo(spec: string, options: LoadModelOptions): Promise<Model> {
  const name = spec.slice(ZOO_PREFIX.length);
  const entry = zoo.get(name);
  if (!entry) throw unknownId('model', spec, zooIds());
  checkTask(spec, entry.task, options.task);
  if (options.modelConfig !== undefined) {
    throw new LossyvisionError('INVALID_ARGUMENT', `a model config applies to .onnx and TF.js models; built-in models take none (given: ${options.modelConfig})`, { file: spec });
  }
  if (options.personDetector !== undefined) {
    throw new LossyvisionError('INVALID_ARGUMENT', 'a person detector applies to top-down .onnx pose models; built-in models find people themselves', { file: spec });
  }
  const { loadTfjsRuntime } = await import('./runtimes/tfjs.js');
  const runtime = await loadTfjsRuntime(path.join(humanModelsDir(), entry.file), { backend: options.tfjsBackend });
  const adapter = entry.adapter(runtime, options);
  const filesSha256 = await sha256Files([runtime.file, ...runtime.shardPaths]);
  const model = await createAdaptedModel({ id: spec, task: entry.task, runtime, adapter, filesSha256, probe: options.probe });
  model.provenance.humanModelsVersion = humanModelsVersion();
  return model;
}

/**
 * A user detector's config: its file merged with flags, the format from the config or, when it
 * is not given, from the graph's outputs (torchvision's boxes/labels/scores identify themselves).
 */
function userDetectorConfig(runtime: Runtime, fromFile: Record<string, unknown>, options: LoadModelOptions): DetectorConfig {
  const flags = Object.fromEntries(Object.entries(options.config ?? {}).filter(([, v]) => v !== undefined));
  const thresholds = Object.fromEntries(Object.entries({
    scoreThreshold: options.scoreThreshold, iouThreshold: options.iouThreshold, maxDetections: options.maxDetections,
  }).filter(([, v]) => v !== undefined));
  const merged: Record<string, unknown> = { ...fromFile, ...flags, ...thresholds };
  merged.format ??= guessDetectorFormat(runtime);
  if (merged.format === undefined) {
    throw new LossyvisionError('INVALID_ARGUMENT',
      `a user detection model needs its output format: write "format" (one of: ${DETECTOR_FORMATS.join(', ')}) in a model config JSON and give it with --model-config${detectorFormatHint(runtime)}`,
      { file: options.modelConfig ?? runtime.file });
  }
  return parseDetectorConfig(merged, options.modelConfig ?? 'model settings');
}

/** A non-detection user model's settings: its config file, overridden by flags field by field. */
function userTaskSettings(fromFile: Record<string, unknown>, options: LoadModelOptions): Record<string, unknown> {
  const flags = Object.fromEntries(Object.entries((options.config ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined));
  return { ...fromFile, ...flags };
}

async function loadUser(spec: string, id: string, options: LoadModelOptions): Promise<Model> {
  const info = await stat(spec).catch(() => undefined);
  if (!info) {
    throw new LossyvisionError('FILE_NOT_FOUND', `model not found: expected an .onnx file, a TF.js folder or model.json, or one of: ${zooIds().join(', ')}`, { file: spec });
  }
  // A TF.js Layers model (what `retrain` writes, or a user's Keras export); imported lazily so
  // runs of other models never load tfjs-layers.
  if (await layersModelJson(spec)) return (await import('./layers/load.js')).layersModel(spec, options);
  // Pose, segmentation, depth and classification models: the task's declaration picks the adapter
  // (imported here: the tasks' declarations import adapters, and so would this module's importers).
  const taskAdapter = options.task === undefined ? undefined : (await import('../tasks/index.js')).taskDeclaration(options.task).adapters.graph;
  if (!taskAdapter) checkTask(spec, 'detection', options.task);
  const fromFile = options.modelConfig ? await readModelConfigJson(options.modelConfig) : {};
  const taskSettings = taskAdapter ? userTaskSettings(fromFile, options) : undefined;
  if (options.personDetector !== undefined) {
    if (options.task !== 'pose' || !(info.isFile() && spec.toLowerCase().endsWith('.onnx'))) {
      throw new LossyvisionError('INVALID_ARGUMENT', 'a person detector applies to top-down pose models: expected an .onnx pose model with task pose', { file: spec });
    }
    // Imported here: the top-down model loads its detector through loadModel.
    const { loadTopDownPoseModel } = await import('./adapters/heatmap-pose-model.js');
    return loadTopDownPoseModel(spec, { personDetector: options.personDetector, settings: taskSettings, intraOpNumThreads: options.intraOpNumThreads, cuda: options.cuda });
  }
  // Each runtime is imported when a model needs it: onnxruntime and TF.js cost a process (every
  // sweep worker, every shard) start-up time whether or not it loads a model of theirs.
  let runtime: Runtime;
  let files: string[];
  if (info.isFile() && spec.toLowerCase().endsWith('.onnx')) {
    const { loadOnnxRuntime } = await import('./runtimes/onnx.js');
    runtime = await loadOnnxRuntime(spec, { intraOpNumThreads: options.intraOpNumThreads, cuda: options.cuda });
    files = [spec];
  } else if (info.isDirectory() || spec.toLowerCase().endsWith('.json')) {
    const { loadTfjsRuntime } = await import('./runtimes/tfjs.js');
    const tfjs = await loadTfjsRuntime(spec, { backend: options.tfjsBackend });
    runtime = tfjs;
    files = [tfjs.file, ...tfjs.shardPaths];
  } else {
    throw new LossyvisionError('INVALID_ARGUMENT', 'expected an .onnx file, a TF.js folder or a model.json file', { file: spec });
  }
  let adapter;
  try {
    // One image goes to one input: a graph needing more is refused before any adapter reads it.
    if (runtime.inputs.length > 1) throw (await import('./runtimes/onnx.js')).unfedInputs(runtime.inputs, [fromFile.inputName ?? options.config?.inputName ?? runtime.inputs[0].name].map(String), runtime.file);
    if (taskAdapter) {
      // A pose model's score threshold is Keypoint R-CNN's setting; a heatmap model scores the one person it is given.
      let settings = taskSettings!;
      if (options.task === 'pose' && options.scoreThreshold !== undefined) {
        if (poseFormatOf(runtime, settings, options.modelConfig) !== 'torchvision') {
          throw new LossyvisionError('INVALID_ARGUMENT', '--score-threshold applies to detection models and Keypoint R-CNN pose models, not to a top-down heatmap pose model', { file: spec });
        }
        settings = { ...settings, scoreThreshold: options.scoreThreshold };
      }
      adapter = await taskAdapter(runtime, settings, options.modelConfig);
    } else {
      const config = userDetectorConfig(runtime, fromFile, options);
      const factory = detectorAdapters.get(config.format);
      if (!factory) throw unknownId('model format', config.format, detectorAdapters.keys(), { file: options.modelConfig });
      adapter = factory(runtime, config, options.modelConfig);
    }
  } catch (error) {
    await runtime.dispose();
    throw error;
  }
  const filesSha256 = await sha256Files(files);
  return createAdaptedModel({ id, task: taskAdapter ? options.task! : 'detection', runtime, adapter, filesSha256, batch: options.batch, probe: options.probe });
}

/**
 * `model.onnx@config.json`: a model with its own config, so each model of a multi-model run has
 * its own. A path that exists as given is never split (a folder may contain an "@").
 */
export async function splitModelSpec(spec: string): Promise<{ model: string; modelConfig?: string }> {
  const at = spec.lastIndexOf('@');
  if (spec.startsWith(ZOO_PREFIX) ? at < 0 : at <= 0 || (await stat(spec).then(() => true, () => false))) return { model: spec };
  return { model: spec.slice(0, at), modelConfig: spec.slice(at + 1) };
}

/**
 * `zoo:<name>` for a built-in model, or a path: an .onnx file, or a TF.js folder / model.json,
 * with its model config. Outputs are checked by one inference before this returns.
 */
export async function loadModel(spec: string, options: LoadModelOptions = {}): Promise<Model> {
  const { model, modelConfig } = await splitModelSpec(spec);
  if (modelConfig !== undefined && options.modelConfig !== undefined && options.modelConfig !== modelConfig) {
    throw new LossyvisionError('INVALID_ARGUMENT', `two model configs for one model: ${modelConfig} (after "@") and ${options.modelConfig}`, { file: model });
  }
  const withConfig = modelConfig === undefined ? options : { ...options, modelConfig };
  if (model.startsWith(ZOO_PREFIX)) return loadZoo(model, withConfig);
  return loadUser(model, spec, withConfig);
}

/** The built-in model ids with their task and description, for `lossyvision models`-style listings. */
export function listZooModels(): { id: string; task: TaskName; description: string }[] {
  return [...zoo.entries()].map(([k, e]) => ({ id: ZOO_PREFIX + k, task: e.task, description: e.description }));
}
