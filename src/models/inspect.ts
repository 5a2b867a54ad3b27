import { stat } from 'node:fs/promises';
import { splitModelSpec } from './load.js';
import { loadOnnxRuntime } from './runtimes/onnx.js';
import type { TensorInfo } from './runtimes/runtime.js';
import { loadTfjsRuntime } from './runtimes/tfjs.js';

export interface ModelSignature {
  file: string;
  /** "onnxruntime 1.23.0", "tfjs 4.22.0 (cpu)". */
  runtime: string;
  inputs: readonly TensorInfo[];
  outputs: readonly TensorInfo[];
}

/** A model file's declared inputs and outputs, read without an adapter; undefined for built-in models. */
export async function inspectModelFile(spec: string): Promise<ModelSignature | undefined> {
  if (spec.startsWith('zoo:')) return undefined;
  const { model: file } = await splitModelSpec(spec);
  const info = await stat(file).catch(() => undefined);
  if (!info) return undefined; // loadModel says what is missing
  // A TF.js Layers model (what retrain writes) is no graph model: loadModel lists what it can.
  const runtime = info.isFile() && file.toLowerCase().endsWith('.onnx')
    ? await loadOnnxRuntime(file, { intraOpNumThreads: 1 })
    : await loadTfjsRuntime(file).catch(() => undefined);
  if (!runtime) return undefined;
  try {
    return { file, runtime: `${runtime.name} ${runtime.version}`, inputs: runtime.inputs, outputs: runtime.outputs };
  } finally {
    await runtime.dispose();
  }
}
