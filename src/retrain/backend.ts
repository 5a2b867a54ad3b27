/**
 * Sets TF.js up for training. Preference order for 'auto': `@tensorflow/tfjs-node` when the user
 * has installed it (native TensorFlow, all gradients, multi-threaded), else the wasm backend with
 * SIMD plus the gradient kernels it lacks (src/retrain/kernels). The cpu backend is 25–40× slower
 * and is only used when asked for by name (tests and benchmarks compare against it).
 *
 * Safe to call repeatedly and after the inference runtime (src/models/runtimes/tfjs.ts) has already
 * initialised the wasm backend: paths are only set before first initialisation, kernels are only
 * registered once, and an initialised backend is reused.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { invalidParameter, LossyvisionError } from '../errors.js';
import { registerWasmTrainingKernels, type RegisterOptions } from './kernels/index.js';

export const trainingBackendNames = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type TrainingBackendName = (typeof trainingBackendNames)[number];

export interface TrainingBackendInfo {
  /** The TF.js backend now active: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  backend: 'tensorflow' | 'wasm' | 'cpu';
  /** wasm only: whether the SIMD binary runs. */
  simd: boolean;
  /** wasm only: XNNPACK threads (1 in Node, where the threaded binary cannot start workers). */
  threads: number;
}

const require = createRequire(import.meta.url);

/** Directory of the wasm binaries, as a file path with a trailing separator (setWasmPaths' prefix). */
export function wasmBinaryDir(): string {
  const packageJson = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(packageJson), 'dist') + path.sep;
}

// The package name is in a variable so that TypeScript and bundlers do not require it to exist.
const tfjsNodePackage = '@tensorflow/tfjs-node';

async function tryTfjsNode(): Promise<boolean> {
  try {
    await import(tfjsNodePackage);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return false;
    throw new LossyvisionError('MODEL_LOAD', `${tfjsNodePackage} is installed but failed to load: ${(error as Error).message}`, {}, { cause: error });
  }
  return tf.findBackendFactory('tensorflow') !== null;
}

async function useWasm(options: RegisterOptions): Promise<TrainingBackendInfo> {
  registerWasmTrainingKernels(options);
  // Setting paths only matters before the first initialisation; afterwards the backend is reused.
  // (findBackend would start an initialisation itself, so look at the registry instead.)
  if (!('wasm' in tf.engine().registry)) setWasmPaths(wasmBinaryDir());
  if (!(await tf.setBackend('wasm'))) {
    throw new LossyvisionError('UNSUPPORTED', `Expected the TF.js wasm backend to initialise from ${wasmBinaryDir()}`);
  }
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  return { backend: 'wasm', simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: getThreadsCount() };
}

/**
 * Activates the training backend and returns what is running. `options` concern the wasm kernels
 * (src/retrain/kernels/index.ts); once a replacement is registered it stays for the process.
 */
export async function initTrainingBackend(name: TrainingBackendName = 'auto', options: RegisterOptions = {}): Promise<TrainingBackendInfo> {
  if (!(trainingBackendNames as readonly string[]).includes(name)) {
    throw invalidParameter(`one of ${trainingBackendNames.join(', ')}`, 'training backend', name);
  }
  if (name === 'auto' || name === 'tensorflow') {
    if (await tryTfjsNode()) {
      await tf.setBackend('tensorflow');
      return { backend: 'tensorflow', simd: false, threads: 0 };
    }
    if (name === 'tensorflow') {
      throw new LossyvisionError('UNSUPPORTED', `Expected ${tfjsNodePackage} to be installed for the tensorflow training backend (npm install ${tfjsNodePackage})`);
    }
  }
  if (name === 'cpu') {
    await tf.setBackend('cpu');
    return { backend: 'cpu', simd: false, threads: 1 };
  }
  return useWasm(options);
}
