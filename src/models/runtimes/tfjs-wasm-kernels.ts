import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs-core';

// `require`, as in tfjs.ts: no export scan of the CommonJS bundle.
const tf = createRequire(import.meta.url)('@tensorflow/tfjs-core') as typeof TF;

/** The parts of tfjs-backend-wasm's backend that the kernels below use. */
interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
}

const BYTES: Partial<Record<TF.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

/**
 * Concat for the wasm backend without garbage. tfjs-backend-wasm 4.x concatenates in
 * JavaScript with one `subarray` view per input per outer index: concatenating channels of a
 * [1, 104, 104, C] map makes ~20 000 views, about 4 MB of short-lived objects per NanoDet +
 * CenterNet pair, which kept the garbage collector busy. Inputs and output all live in the
 * one wasm heap, so the same bytes are moved with `copyWithin` instead: byte-identical
 * output, no allocation. Anything else (strings, one non-empty input, empty output, mixed
 * types) goes to the original kernel.
 */
function heapConcat(original: TF.KernelFunc): TF.KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as TF.TensorInfo[];
    const backend = args.backend as unknown as WasmBackend;
    const dtype = inputs[0]?.dtype;
    const bytes = dtype === undefined ? undefined : BYTES[dtype];
    if (bytes === undefined || inputs.some((t) => t.dtype !== dtype)) return original(args);
    const axis = tf.util.parseAxisParam((args.attrs as { axis: number | number[] }).axis, inputs[0].shape)[0];
    const shapes = inputs.map((t) => t.shape);
    tf.backend_util.assertParamsConsistent(shapes, axis);
    const outShape = tf.backend_util.computeOutShape(shapes, axis);
    const present = inputs.filter((t) => tf.util.sizeFromShape(t.shape) > 0);
    if (present.length <= 1 || tf.util.sizeFromShape(outShape) === 0) return original(args);
    const out = backend.makeOutput(outShape, dtype!);
    // Read the heap after makeOutput: allocating may have grown (replaced) it.
    const heap = backend.wasm.HEAPU8;
    const outer = tf.util.sizeFromShape(present[0].shape.slice(0, axis));
    const sources = present.map((t) => ({ at: backend.dataIdMap.get(t.dataId)!.memoryOffset, row: tf.util.sizeFromShape(t.shape.slice(axis)) * bytes }));
    let to = backend.dataIdMap.get(out.dataId)!.memoryOffset;
    for (let b = 0; b < outer; b++) {
      for (let i = 0; i < sources.length; i++) {
        const { at, row } = sources[i];
        heap.copyWithin(to, at + b * row, at + (b + 1) * row);
        to += row;
      }
    }
    return out;
  };
}

let installed = false;

/** Replaces wasm kernels that allocate per element with equivalent ones that do not; once per thread. */
export function installWasmKernels(): void {
  if (installed) return;
  const concat = tf.getKernel(tf.Concat, 'wasm');
  if (!concat) return;
  tf.unregisterKernel(tf.Concat, 'wasm');
  tf.registerKernel({ ...concat, kernelFunc: heapConcat(concat.kernelFunc) });
  installed = true;
}
