import { tfjsBackend, type TfjsBackendInfo } from '../runtimes/tfjs.js';
import { conv2DBackpropInputConfig } from '../runtimes/wasm/conv2dBackpropInput.js';
import { replaceKernel } from '../runtimes/wasm/replace-kernel.js';

/**
 * Sets TF.js up for Layers inference: the process-wide backend of the inference runtime
 * (runtimes/tfjs.ts), and no gradient kernel. One of retraining's wasm kernels is also registered:
 * Conv2DBackpropInput is the forward pass of a transposed convolution, and Layers models have
 * always been scored with it, so their numbers stay the same, and do not depend on whether the
 * process also trains.
 */
export async function initLayersBackend(): Promise<TfjsBackendInfo> {
  replaceKernel(conv2DBackpropInputConfig);
  return tfjsBackend('auto');
}
