/**
 * Gradient kernels for the TF.js wasm backend: the three it lacks, and faster replacements for its
 * Conv2DBackpropInput and MaxPoolGrad (scalar C++ loops that dominated a training step), and a
 * FusedBatchNorm gradient without the Tile that dominated a batch-normalised network's step. Registration
 * is idempotent and works before or after the backend is initialised (these kernels need no setup
 * function). A missing kernel that a future tfjs-backend-wasm provides itself is left alone; the
 * replacements always replace the stock kernels.
 */
import { getGradient, getKernel, registerGradient, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs-core's stock gradients when it loads: it must load before ours replace one.
import '@tensorflow/tfjs-layers';
import { conv2DBackpropFilterConfig } from './conv2dBackpropFilter.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwiseConv2dNativeBackpropInput.js';
import { fusedBatchNormGradConfig } from './fusedBatchNormGrad.js';
import { maxPoolGradConfig } from './maxPoolGrad.js';
// Also the forward kernel of a transposed convolution, so it lives with inference.
import { conv2DBackpropInputConfig } from '../../models/runtimes/wasm/conv2dBackpropInput.js';
import { replaceKernel } from '../../models/runtimes/wasm/replace-kernel.js';

/** Kernels tfjs-backend-wasm 4.22 does not have. */
export const missingKernelConfigs: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
];

/** Kernels it has, replaced by faster ones. */
export const replacementKernelConfigs: readonly KernelConfig[] = [conv2DBackpropInputConfig, maxPoolGradConfig];

export interface RegisterOptions {
  /** Also replace the stock Conv2DBackpropInput and MaxPoolGrad (default true; false for comparisons). */
  replaceStockKernels?: boolean;
}

/** Registers the kernels above for 'wasm'; returns the names registered by this call. */
export function registerWasmTrainingKernels({ replaceStockKernels = true }: RegisterOptions = {}): string[] {
  const registered: string[] = [];
  // A gradient, not a kernel: it serves every backend (bit-identical to the stock one).
  if (getGradient(fusedBatchNormGradConfig.kernelName) !== fusedBatchNormGradConfig) registerGradient(fusedBatchNormGradConfig);
  for (const config of missingKernelConfigs) {
    if (getKernel(config.kernelName, config.backendName)) continue;
    registerKernel(config);
    registered.push(config.kernelName);
  }
  if (!replaceStockKernels) return registered;
  for (const config of replacementKernelConfigs) if (replaceKernel(config)) registered.push(config.kernelName);
  return registered;
}
