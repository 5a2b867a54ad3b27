import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs-core';
import type * as TFConv from '@tensorflow/tfjs-converter';
import type * as TFWasm from '@tensorflow/tfjs-backend-wasm';
import { LossyvisionError, unknownId } from '../../errors.js';
import type { Runtime, Tensor, TensorInfo } from './runtime.js';
import { resolveTfjsModel } from './tfjs-files.js';
import { installWasmKernels } from './tfjs-wasm-kernels.js';

/**
 * "auto": @tensorflow/tfjs-node when the user has it installed, otherwise wasm with SIMD.
 * "cpu" exists for debugging only: it is 25–40× slower than wasm.
 */
export type TfjsBackendName = 'auto' | 'wasm' | 'tensorflow' | 'cpu';

export interface TfjsRuntimeOptions {
  backend?: TfjsBackendName;
}

const require = createRequire(import.meta.url);
// TF.js ships CommonJS bundles (2.9 MB for these three). `import` would make Node scan each
// one for its export names (cjs-module-lexer, ~0.4 s of CPU in every sweep worker);
// `require` loads the same module instances without the scan.
const tf = require('@tensorflow/tfjs-core') as typeof TF;
const tfconv = require('@tensorflow/tfjs-converter') as typeof TFConv;
const tfwasm = require('@tensorflow/tfjs-backend-wasm') as typeof TFWasm;

export interface TfjsBackendInfo {
  /** TF.js backend name as registered: "wasm", "tensorflow", "cpu". */
  name: string;
  /** Human-readable flavour for provenance: "wasm-simd", "wasm", "tensorflow", "cpu". */
  flavour: string;
  threads: number;
  version: string;
}

// TF.js keeps one global engine, so the backend is chosen once per process.
let ready: Promise<TfjsBackendInfo> | undefined;
let readyFor: TfjsBackendName | undefined;

async function importTfjsNode(): Promise<boolean> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
  const specifier = '@tensorflow/tfjs-node';
  try {
    await import(specifier);
    return true;
  } catch {
    return false;
  }
}

async function initWasm(): Promise<TfjsBackendInfo> {
  // Point emscripten at the .wasm files on disk; the default would try to fetch them.
  const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  tfwasm.setWasmPaths(dist + path.sep);
  // The threaded build cannot start in Node (its workers come from blob: URLs, which
  // worker_threads rejects), and TF.js turns it off under Node anyway: one thread per process.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
  await tf.ready();
  installWasmKernels();
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return { name: 'wasm', flavour: simd ? 'wasm-simd' : 'wasm', threads: tfwasm.getThreadsCount(), version: tf.version_core };
}

async function initBackend(choice: TfjsBackendName): Promise<TfjsBackendInfo> {
  if (choice === 'tensorflow' || choice === 'auto') {
    // tfjs-node registers on its own copy of tfjs-core when the versions differ: only use it
    // when it registered on ours.
    if (await importTfjsNode() && tf.findBackendFactory('tensorflow') && await tf.setBackend('tensorflow')) {
      await tf.ready();
      // libtensorflow sizes its own thread pool; 0 records "chosen by TensorFlow".
      return { name: 'tensorflow', flavour: 'tensorflow', threads: 0, version: tf.version_core };
    }
    if (choice === 'tensorflow') {
      throw new LossyvisionError('UNSUPPORTED', `the tensorflow backend needs @tensorflow/tfjs-node ${tf.version_core}: \`npm install @tensorflow/tfjs-node@${tf.version_core}\` (downloads libtensorflow at install time)`);
    }
  }
  if (choice === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    await tf.ready();
    return { name: 'cpu', flavour: 'cpu', threads: 1, version: tf.version_core };
  }
  return initWasm();
}

const BACKENDS: readonly TfjsBackendName[] = ['auto', 'wasm', 'tensorflow', 'cpu'];

/** Chooses and initialises the process-wide TF.js backend (once). */
export function tfjsBackend(choice: TfjsBackendName = 'auto'): Promise<TfjsBackendInfo> {
  if (!BACKENDS.includes(choice)) throw unknownId('TF.js backend', String(choice), BACKENDS);
  if (!ready || (readyFor !== choice && choice !== 'auto')) {
    const attempt = initBackend(choice);
    ready = attempt;
    readyFor = choice;
    // A failed choice must not stick: the next call tries again.
    attempt.catch(() => { if (ready === attempt) ready = undefined; });
  }
  return ready;
}

function fromTf(t: TF.Tensor, data: TF.TypedArray): Tensor {
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array) return { dims: t.shape, data };
  return { dims: t.shape, data: Float32Array.from(data) };
}

function toTf(name: string, t: Tensor, file: string): TF.Tensor {
  const d = t.data;
  if (d instanceof Float32Array) return tf.tensor(d, [...t.dims], 'float32');
  if (d instanceof Int32Array) return tf.tensor(d, [...t.dims], 'int32');
  if (d instanceof Float64Array) return tf.tensor(Float32Array.from(d), [...t.dims], 'float32');
  if (d instanceof Uint8Array) return tf.tensor(Int32Array.from(d), [...t.dims], 'int32');
  if (d instanceof BigInt64Array) return tf.tensor(Int32Array.from(d, Number), [...t.dims], 'int32');
  throw new LossyvisionError('MODEL_LOAD', `input "${name}" has an unsupported data type`, { file });
}

function info(nodes: TFConv.GraphModel['inputs']): TensorInfo[] {
  return nodes.map((n) => ({ name: n.name, dims: n.shape?.map((d) => (d >= 0 ? d : null)), type: n.dtype }));
}

/** Loads a TF.js graph model (folder or model.json) from disk: no fetch, no http. */
export async function loadTfjsRuntime(spec: string, options: TfjsRuntimeOptions = {}): Promise<Runtime & { shardPaths: string[] }> {
  const backend = await tfjsBackend(options.backend ?? 'auto');
  const files = await resolveTfjsModel(spec);
  const file = files.modelJsonPath;
  const handler: TF.io.IOHandler = {
    load: () => tf.io.getModelArtifactsForJSON(files.json as unknown as TF.io.ModelJSON, async (manifest) => {
      const specs = manifest.flatMap((group) => group.weights);
      const buffers = await Promise.all(files.shardPaths.map(async (p) => {
        try {
          return await readFile(p);
        } catch (error) {
          throw new LossyvisionError('FILE_NOT_FOUND', 'weight shard listed in model.json cannot be read', { file: p }, { cause: error });
        }
      }));
      const joined = Buffer.concat(buffers);
      return [specs, joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength)];
    }),
  };
  let model: TFConv.GraphModel;
  try {
    model = await tfconv.loadGraphModel(handler);
  } catch (error) {
    if (error instanceof LossyvisionError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new LossyvisionError('MODEL_LOAD', `TF.js could not load the graph model: ${why}`, { file }, { cause: error });
  }
  // Graphs with control flow need executeAsync; remember after the first failure of execute.
  let useAsync = false;
  return {
    name: 'tfjs',
    version: tf.version_core,
    backend: backend.flavour,
    threads: backend.threads,
    file,
    shardPaths: files.shardPaths,
    inputs: info(model.inputs),
    outputs: info(model.outputs),
    // toTf runs before the first await, and the wasm backend copies into its heap there.
    copiesInputs: backend.name === 'wasm',
    async run(feeds, outputNames) {
      const inputs: TF.NamedTensorMap = {};
      for (const [name, t] of Object.entries(feeds)) inputs[name] = toTf(name, t, file);
      const names = outputNames ? [...outputNames] : model.outputs.map((o) => o.name);
      let produced: TF.Tensor | TF.Tensor[];
      try {
        if (!useAsync) {
          try {
            produced = model.execute(inputs, names);
          } catch (error) {
            if (!(error instanceof Error) || !/executeAsync/.test(error.message)) throw error;
            useAsync = true;
            produced = await model.executeAsync(inputs, names);
          }
        } else {
          produced = await model.executeAsync(inputs, names);
        }
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new LossyvisionError('MODEL_OUTPUT', `inference failed: ${why}`, { file }, { cause: error });
      } finally {
        tf.dispose(Object.values(inputs));
      }
      const list = Array.isArray(produced) ? produced : [produced];
      const out: Record<string, Tensor> = {};
      try {
        for (let i = 0; i < list.length; i++) out[names[i]] = fromTf(list[i], await list[i].data());
      } finally {
        tf.dispose(list);
      }
      return out;
    },
    async dispose() {
      model.dispose();
    },
  };
}
