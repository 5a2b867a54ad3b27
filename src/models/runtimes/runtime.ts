/**
 * What an adapter needs from an inference engine: named tensors in, named tensors out.
 * Runtimes (onnxruntime-node, TF.js) hide their own tensor types behind this.
 */
export type TensorData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

export interface Tensor {
  readonly dims: readonly number[];
  readonly data: TensorData;
}

export interface TensorInfo {
  readonly name: string;
  /** Declared shape; null for a dynamic axis; undefined when the format does not say. */
  readonly dims?: readonly (number | null)[];
  /** Declared element type ("float32", "int64", …); undefined when the format does not say. */
  readonly type?: string;
}

export interface Runtime {
  /** "onnxruntime" or "tfjs". */
  readonly name: string;
  readonly version: string;
  /** "cpu", "cuda", "wasm-simd", "tensorflow", … */
  readonly backend: string;
  /** Threads one inference uses. */
  readonly threads: number;
  /** The file the graph came from, for error messages. */
  readonly file: string;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /**
   * True when run() copies its inputs' data before it first yields, so the caller may
   * refill the same buffers for its next call as soon as run() has been called (TF.js on
   * wasm copies into the wasm heap; onnxruntime reads the caller's buffers while it runs).
   */
  readonly copiesInputs?: boolean;
  /**
   * True when the graph declares dimension 0 of every input and every output as one and the same
   * named symbol (torch.onnx.export's `dynamic_axes={'image': {0: 'batch'}, 'logits': {0: 'batch'}}`):
   * then N images stacked along it give N per-image outputs stacked the same way, and run() may be
   * fed a batch (see models/batch.ts).
   */
  readonly dynamicBatch?: boolean;
  run(feeds: Record<string, Tensor>, outputNames?: readonly string[]): Promise<Record<string, Tensor>>;
  dispose(): Promise<void>;
}

/** Reads any tensor as plain numbers (int64 labels included). */
export function toNumbers(tensor: Tensor): Float64Array | Float32Array {
  const { data } = tensor;
  if (data instanceof Float32Array || data instanceof Float64Array) return data;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  return out;
}

/** The element type of a tensor's data, named as onnxruntime names it. */
export function tensorType(tensor: Tensor): string {
  const { data } = tensor;
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'uint8';
}

/** `boxes float32 [?, 4]`: one declared input or output, for messages and `check-model`. */
export function formatTensorInfo(info: TensorInfo): string {
  return `${info.name} ${info.type ?? 'tensor'} ${formatDims(info.dims)}`;
}

/** `[1, 84, 8400]` for error messages. */
export function formatDims(dims: readonly (number | null | string)[] | undefined): string {
  if (!dims) return 'unknown';
  return `[${dims.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}
