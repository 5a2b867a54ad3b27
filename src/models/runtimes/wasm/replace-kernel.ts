import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';

/** Puts our kernel in place of the backend's own; false when it already is (idempotent). */
export function replaceKernel(config: KernelConfig): boolean {
  const current = getKernel(config.kernelName, config.backendName);
  if (current?.kernelFunc === config.kernelFunc) return false;
  if (current) unregisterKernel(config.kernelName, config.backendName);
  registerKernel(config);
  return true;
}
