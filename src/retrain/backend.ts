/**
 * Sets TF.js up for training: the process-wide backend chosen by the inference runtime
 * (src/models/runtimes/tfjs.ts: `@tensorflow/tfjs-node` when installed, else wasm with SIMD; cpu
 * only by name), plus the gradient kernels the wasm backend lacks or runs slowly
 * (src/retrain/kernels). Safe to call repeatedly, before or after the inference runtime has
 * initialised wasm: kernel registration is idempotent and needs no backend setup.
 */
import { registerWasmTrainingKernels, missingKernelConfigs, replacementKernelConfigs, type RegisterOptions } from './kernels/index.js';
import { tfjsBackend, type TfjsBackendInfo, type TfjsBackendName } from '../models/runtimes/tfjs.js';

export interface TrainingBackendInfo extends TfjsBackendInfo {
  /** Kernels this project provides on the active backend (none unless it is wasm). */
  providedKernels: string[];
}

/** Activates the training backend and returns what is running. */
export async function initTrainingBackend(choice: TfjsBackendName = 'auto', options: RegisterOptions = {}): Promise<TrainingBackendInfo> {
  registerWasmTrainingKernels(options);
  const info = await tfjsBackend(choice);
  const provided = [...missingKernelConfigs, ...(options.replaceStockKernels === false ? [] : replacementKernelConfigs)];
  return { ...info, providedKernels: info.name === 'wasm' ? provided.map((k) => k.kernelName) : [] };
}
