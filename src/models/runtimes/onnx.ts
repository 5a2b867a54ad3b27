import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { LossyvisionError, invalidParameter } from '../../errors.js';
import { is } from '../../validate.js';
import { formatTensorInfo, type Runtime, type Tensor, type TensorInfo } from './runtime.js';

export interface OnnxRuntimeOptions {
  /** Threads inside one operator (onnxruntime's intra-op pool); default: all cores. */
  intraOpNumThreads?: number;
  /** Run on the CUDA execution provider; fails when this install has no CUDA binaries. */
  cuda?: boolean;
}

const require = createRequire(import.meta.url);
const ortVersion: string = require('onnxruntime-node/package.json').version;

/** How to get the CUDA provider: installs skip the package's install script (ONNXRUNTIME_NODE_INSTALL=skip, README). */
const CUDA_HELP =
  'onnxruntime-node was installed without its CUDA execution provider. ' +
  'On a Linux x64 machine with CUDA 12 and cuDNN 9, run ' +
  '`ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` (needs network access), or use --device cpu';

/** The CUDA provider library sits beside the native binding when the install script fetched it. */
function cudaProviderInstalled(): boolean {
  const listed = ort.listSupportedBackends?.().some((b) => b.name === 'cuda');
  if (!listed) return false;
  const pkgDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
  const bin = path.join(pkgDir, 'bin', 'napi-v6', process.platform, process.arch);
  return existsSync(path.join(bin, 'libonnxruntime_providers_cuda.so')) ||
    existsSync(path.join(bin, 'onnxruntime_providers_cuda.dll'));
}

function toOrtTensor(name: string, t: Tensor, file: string): ort.Tensor {
  const dims = [...t.dims];
  const d = t.data;
  if (d instanceof Float32Array) return new ort.Tensor('float32', d, dims);
  if (d instanceof Float64Array) return new ort.Tensor('float64', d, dims);
  if (d instanceof Int32Array) return new ort.Tensor('int32', d, dims);
  if (d instanceof BigInt64Array) return new ort.Tensor('int64', d, dims);
  if (d instanceof Uint8Array) return new ort.Tensor('uint8', d, dims);
  throw new LossyvisionError('MODEL_LOAD', `input "${name}" has an unsupported data type`, { file });
}

function fromOrtTensor(t: ort.Tensor): Tensor {
  const data = t.data;
  if (data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array ||
    data instanceof BigInt64Array || data instanceof Uint8Array) {
    return { dims: [...t.dims], data };
  }
  if (ArrayBuffer.isView(data)) {
    // int8/uint16/bool… outputs: widen to float so adapters read one kind of array.
    return { dims: [...t.dims], data: Float32Array.from(data as unknown as ArrayLike<number>) };
  }
  throw new LossyvisionError('MODEL_OUTPUT', `output of type ${t.type} is not a numeric tensor`);
}

function metadata(meta: readonly ort.InferenceSession.ValueMetadata[] | undefined, names: readonly string[]): TensorInfo[] {
  return names.map((name, i) => {
    const m = meta?.[i];
    if (m && m.isTensor) {
      const dims = m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null));
      return { name, dims, type: m.type };
    }
    return { name };
  });
}

/**
 * The graph's inputs and outputs all lead with one named symbolic axis: the exporter said dim 0 is
 * the batch everywhere. An unnamed (-1) or differently named output axis (a detector's "num_boxes")
 * is not taken for one: stacking images along it could not be split back.
 */
function sharedBatchSymbol(inputs: readonly ort.InferenceSession.ValueMetadata[], outputs: readonly ort.InferenceSession.ValueMetadata[]): boolean {
  const all = [...inputs, ...outputs];
  const first = all[0]?.isTensor ? all[0].shape[0] : undefined;
  return typeof first === 'string' && first !== '' && all.every((m) => m.isTensor && m.shape.length > 0 && m.shape[0] === first);
}

/**
 * lossyvision feeds a model one image, to one input. A graph with more inputs (torchvision's
 * docstring recipe exports a list of two images, so its graph has two) cannot be run: say what
 * the inputs are and which one is fed, instead of onnxruntime's "input 'image.5' is missing".
 */
export function unfedInputs(inputs: readonly TensorInfo[], fed: readonly string[], file: string, cause?: unknown): LossyvisionError {
  const list = inputs.map((i) => `${formatTensorInfo(i)}${fed.includes(i.name) ? ' (fed the image)' : ''}`).join('; ');
  return new LossyvisionError('MODEL_LOAD',
    `the model has ${inputs.length} inputs (${list}) but lossyvision feeds one image to one input ("inputName" in the model config picks it; default the first). ` +
    'Export the model with a single image, e.g. torch.onnx.export(model, ([torch.rand(3, 800, 800)],), "model.onnx", opset_version=11), not a list of two',
    { file }, cause === undefined ? undefined : { cause });
}

/** Loads an ONNX graph into onnxruntime-node. */
export async function loadOnnxRuntime(file: string, options: OnnxRuntimeOptions = {}): Promise<Runtime> {
  const threads = options.intraOpNumThreads ?? availableParallelism();
  if (!is.integer(threads) || threads < 1) {
    throw invalidParameter('positive integer', 'intraOpNumThreads', options.intraOpNumThreads);
  }
  if (!existsSync(file)) throw new LossyvisionError('FILE_NOT_FOUND', 'model file does not exist', { file });
  if (options.cuda && !cudaProviderInstalled()) {
    throw new LossyvisionError('UNSUPPORTED', CUDA_HELP, { file });
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(file, {
      executionProviders: options.cuda ? ['cuda'] : ['cpu'],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      // Idle intra-op threads sleep instead of spinning: a spinning pool burns the cores that the
      // other sample in flight (its codec work) and other workers need — measured on resnet18,
      // 12 photos × 7 conditions: 7.9 s CPU instead of 8.7 s at the same wall time.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const help = options.cuda ? ` (${CUDA_HELP})` : '';
    throw new LossyvisionError('MODEL_LOAD', `onnxruntime could not load the model: ${why}${help}`, { file }, { cause: error });
  }
  const inputs = metadata(session.inputMetadata, session.inputNames);
  const outputs = metadata(session.outputMetadata, session.outputNames);
  return {
    name: 'onnxruntime',
    version: ortVersion,
    backend: options.cuda ? 'cuda' : 'cpu',
    threads,
    file,
    inputs,
    outputs,
    dynamicBatch: sharedBatchSymbol(session.inputMetadata ?? [], session.outputMetadata ?? []),
    async run(feeds, outputNames) {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(name, t, file);
      let result: ort.InferenceSession.ReturnType;
      try {
        result = outputNames ? await session.run(ortFeeds, [...outputNames]) : await session.run(ortFeeds);
      } catch (error) {
        // An input left unfed is what failed (initializers listed as inputs may be left out).
        if (inputs.some((i) => !(i.name in feeds))) throw unfedInputs(inputs, Object.keys(feeds), file, error);
        const why = error instanceof Error ? error.message : String(error);
        throw new LossyvisionError('MODEL_OUTPUT', `inference failed: ${why}`, { file }, { cause: error });
      }
      const out: Record<string, Tensor> = {};
      for (const [name, t] of Object.entries(result)) out[name] = fromOrtTensor(t);
      return out;
    },
    async dispose() {
      await session.release();
    },
  };
}
