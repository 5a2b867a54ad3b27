/**
 * The few internals of the TF.js wasm backend our kernels (the transposed-convolution kernel beside
 * this file, and the gradient kernels retraining adds) touch: tensor memory on the wasm
 * heap, output allocation, and calling the backend's own (XNNPACK-backed) kernels from inside
 * ours. Everything here is float32, NHWC-agnostic and allocation-order aware: the heap can grow
 * (and its ArrayBuffer be replaced) on any allocation, so views are taken after allocating.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getKernel, type DataType, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { LossyvisionError } from '../../../errors.js';

/** What our kernels receive from the engine; the backend is the wasm one. */
export interface WasmKernelArgs {
  inputs: NamedTensorInfoMap;
  backend: unknown;
  attrs?: NamedAttrMap;
}

export function wasmBackendOf(args: WasmKernelArgs): BackendWasm {
  return args.backend as BackendWasm;
}

/** The whole heap as float32, valid until the next allocation. */
export function heapF32(backend: BackendWasm): Float32Array {
  const wasm = backend.wasm as unknown as { HEAPF32: Float32Array };
  return wasm.HEAPF32;
}

/** Index of a tensor's first element in `heapF32(backend)`. */
export function f32Offset(backend: BackendWasm, info: TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset >>> 2;
}

export function allocate(backend: BackendWasm, shape: number[], dtype: DataType = 'float32'): TensorInfo {
  return backend.makeOutput(shape, dtype);
}

export function release(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** The same memory seen with another shape of the same size (no copy, no new reference). */
export function withShape(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Runs one of the wasm backend's own kernels on tensors already on its heap. */
export function runWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = getKernel(kernelName, 'wasm');
  if (!kernel) {
    throw new LossyvisionError('UNSUPPORTED', `Expected the TF.js wasm backend to provide kernel ${kernelName}`);
  }
  const out = kernel.kernelFunc({ inputs, attrs, backend });
  return Array.isArray(out) ? out[0] : out;
}

/** Transposes on the wasm heap (the backend's C++ kernel); the caller releases the result. */
export function transposeOnHeap(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasmKernel(backend, 'Transpose', { x }, { perm });
}

export function assertFloat32(kernelName: string, inputs: Record<string, TensorInfo>): void {
  for (const [name, info] of Object.entries(inputs)) {
    if (info.dtype !== 'float32') {
      throw new LossyvisionError('UNSUPPORTED', `Expected float32 for ${kernelName} input ${name} but received ${info.dtype}`);
    }
  }
}
