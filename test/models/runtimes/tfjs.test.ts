import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { loadTfjsRuntime, tfjsBackend } from '../../../src/models/runtimes/tfjs.js';

const tfjsNodeInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

/** A two-node TF.js graph, y = x + w, with w = [10, 20] read from the shard w.bin. */
function graphFolder(shardPath = 'w.bin', writeShard = true): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lossyvision-tfjs-'));
  const dtype = { type: 'DT_FLOAT' };
  const json = {
    format: 'graph-model',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype, shape: { shape: { dim: [{ size: '1' }, { size: '2' }] } } } },
        { name: 'w', op: 'Const', attr: { dtype, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '1' }, { size: '2' }] } } } } },
        { name: 'y', op: 'AddV2', input: ['x', 'w'], attr: { T: dtype } },
      ],
      versions: { producer: 1 },
    },
    weightsManifest: [{ paths: [shardPath], weights: [{ name: 'w', shape: [1, 2], dtype: 'float32' }] }],
  };
  writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  if (writeShard) writeFileSync(path.join(dir, 'w.bin'), new Uint8Array(new Float32Array([10, 20]).buffer));
  return dir;
}

describe('tfjs runtime', () => {
  it('loads a graph model folder from disk on the wasm SIMD backend, single-threaded', async () => {
    const dir = graphFolder();
    const rt = await loadTfjsRuntime(dir);
    expect(rt.file).toBe(path.join(dir, 'model.json'));
    expect(rt.shardPaths).toEqual([path.join(dir, 'w.bin')]);
    expect(rt).toMatchObject({ name: 'tfjs', backend: 'wasm-simd', threads: 1 });
    expect(rt.inputs).toEqual([{ name: 'x', dims: [1, 2], type: 'float32' }]);
    const out = await rt.run({ x: { dims: [1, 2], data: new Float32Array([1, 2]) } });
    expect(Array.from(out.y.data as Float32Array)).toEqual([11, 22]);
    expect(out.y.dims).toEqual([1, 2]);
    await rt.dispose();
  });

  it('refuses shard paths that leave the model folder', async () => {
    const dir = graphFolder('../w.bin');
    await expect(loadTfjsRuntime(path.join(dir, 'model.json'))).rejects.toThrow(
      `${path.join(dir, 'model.json')}: weightsManifest[0].paths: expected a shard file name beside model.json but received "../w.bin"`,
    );
  });

  it('names a missing shard', async () => {
    const dir = graphFolder('w.bin', false);
    await expect(loadTfjsRuntime(dir)).rejects.toThrow(`${path.join(dir, 'w.bin')}: weight shard listed in model.json cannot be read`);
  });

  it('says what it expected for a folder without model.json', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lossyvision-tfjs-'));
    await expect(loadTfjsRuntime(dir)).rejects.toThrow(`${path.join(dir, 'model.json')}: cannot read TF.js model JSON`);
  });

  it.skipIf(tfjsNodeInstalled)('explains how to get the tensorflow backend when tfjs-node is absent', async () => {
    await expect(tfjsBackend('tensorflow')).rejects.toThrow(/needs @tensorflow\/tfjs-node .*npm install @tensorflow\/tfjs-node@/);
    // The failed choice leaves the process on wasm.
    await expect(tfjsBackend()).resolves.toMatchObject({ name: 'wasm', flavour: 'wasm-simd', threads: 1 });
  });
});
