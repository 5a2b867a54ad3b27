import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOnnxRuntime } from '../../../src/models/runtimes/onnx.js';
import { constantGraph, writeGraph } from '../onnx-builder.js';

const require = createRequire(import.meta.url);
const ortBin = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
const cudaInstalled = existsSync(path.join(ortBin, 'libonnxruntime_providers_cuda.so'));

const file = () => writeGraph('c.onnx', constantGraph({ name: 'x', dims: [1, 'n'] }, [
  { name: 'y', dims: [2, 2], values: [1, 2, 3, 4] },
  { name: 'k', dims: [2], values: [7, -1], type: 'int64' },
]));

describe('onnx runtime', () => {
  it('reports metadata, threads and returns float and int64 outputs', async () => {
    const rt = await loadOnnxRuntime(file(), { intraOpNumThreads: 1 });
    expect(rt.inputs).toEqual([{ name: 'x', dims: [1, null], type: 'float32' }]);
    expect(rt.outputs.map((o) => o.name)).toEqual(['y', 'k']);
    expect(rt.threads).toBe(1);
    const out = await rt.run({ x: { dims: [1, 5], data: new Float32Array(5) } });
    expect(Array.from(out.y.data as Float32Array)).toEqual([1, 2, 3, 4]);
    expect(Array.from(out.k.data as BigInt64Array)).toEqual([7n, -1n]);
    await rt.dispose();
  });

  it('rejects a bad thread count with the standard message', async () => {
    await expect(loadOnnxRuntime(file(), { intraOpNumThreads: 0 })).rejects.toThrow('Expected positive integer for intraOpNumThreads but received 0 of type number');
  });

  it.skipIf(cudaInstalled)('explains how to get CUDA when the provider is not installed', async () => {
    await expect(loadOnnxRuntime(file(), { cuda: true })).rejects.toThrow(/CUDA execution provider.*ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node.*or use --device cpu/);
  });

  it('wraps a corrupt file as a model load error naming the file', async () => {
    const bad = writeGraph('bad.onnx', new Uint8Array([1, 2, 3, 4, 5]));
    await expect(loadOnnxRuntime(bad)).rejects.toThrow(`${bad}: onnxruntime could not load the model`);
  });
});
