import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';
import { experimentId, experimentOf } from '../../src/sweep/experiment.js';
import { runSweep } from '../../src/sweep/run.js';
import { studyTable } from '../../src/sweep/table.js';
import { splitOutputs, stackable, stackFeeds } from '../../src/models/batch.js';
import { loadModel } from '../../src/models/load.js';
import type { RgbImage } from '../../src/media/image.js';
import { loadOnnxRuntime } from '../../src/models/runtimes/onnx.js';
import { writeGraph } from './onnx-builder.js';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** Deterministic values in [-1, 1). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

function valueInfo(name: string, dims: (number | string)[]) {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } });
}

/**
 * A small real classifier: two 3×3 convolutions (stride 2, ReLU), global average pooling and a
 * fully connected layer to 10 classes, random weights. Dimension 0 of input and output is named
 * `inBatch` and `outBatch` (torch.onnx.export's dynamic_axes), or fixed when given a number.
 */
function convNet(inBatch: number | string, outBatch: number | string): string {
  const random = seeded(7);
  const weight = (name: string, dims: number[]) => {
    const values = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => random() * 0.5);
    return onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData: new Uint8Array(values.buffer) });
  };
  const conv = (input: string, w: string, output: string) =>
    onnx.NodeProto.create({
      opType: 'Conv', input: [input, w], output: [output],
      attribute: [
        { name: 'pads', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 1, 1, 1] },
        { name: 'strides', type: onnx.AttributeProto.AttributeType.INTS, ints: [2, 2] },
      ],
    });
  const graph = onnx.GraphProto.create({
    name: 'convnet',
    initializer: [weight('w1', [8, 3, 3, 3]), weight('w2', [16, 8, 3, 3]), weight('fc', [16, 10]), weight('bias', [10])],
    node: [
      conv('image', 'w1', 'c1'),
      onnx.NodeProto.create({ opType: 'Relu', input: ['c1'], output: ['r1'] }),
      conv('r1', 'w2', 'c2'),
      onnx.NodeProto.create({ opType: 'Relu', input: ['c2'], output: ['r2'] }),
      onnx.NodeProto.create({ opType: 'GlobalAveragePool', input: ['r2'], output: ['pooled'] }),
      onnx.NodeProto.create({ opType: 'Flatten', input: ['pooled'], output: ['flat'] }),
      onnx.NodeProto.create({ opType: 'Gemm', input: ['flat', 'fc', 'bias'], output: ['logits'] }),
    ],
    input: [valueInfo('image', [inBatch, 3, 32, 32])],
    output: [valueInfo('logits', [outBatch, 10])],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'lossyvision-test', graph });
  return writeGraph('convnet.onnx', onnx.ModelProto.encode(model).finish());
}

/** Photos of different sizes and content: every image gives its own scores. */
function images(count: number): RgbImage[] {
  const random = seeded(3);
  return Array.from({ length: count }, (_, i) => {
    const width = 40 + 3 * i;
    const height = 30 + 2 * i;
    return { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor((random() + 1) * 127.5)) };
  });
}

describe('batched inference', () => {
  it('gives each image of a batch exactly the prediction it gets alone', async () => {
    const model = await loadModel(convNet('batch', 'batch'), { task: 'classification', intraOpNumThreads: 2, config: { preset: 'torchvision', topK: 10 } as never });
    expect(model.batchSize).toBe(8);
    expect(model.provenance.batch).toBe('8');
    const photos = images(7);
    const alone = [];
    for (const image of photos) alone.push(await model.predict(image));
    const batched = await model.predictBatch!(photos);
    // Scores to the last bit, not just the ranking.
    expect(batched).toEqual(alone);
    // The images do differ, so a batch that mixed them up would fail.
    expect(new Set(alone.map((p) => JSON.stringify(p))).size).toBe(7);
    await model.dispose();
  });

  it('takes the batch size from the options, and 1 turns batching off', async () => {
    const file = convNet('batch', 'batch');
    const three = await loadModel(file, { task: 'classification', batch: 3 });
    expect(three.batchSize).toBe(3);
    const off = await loadModel(file, { task: 'classification', batch: 1 });
    expect(off.batchSize).toBe(1);
    expect(off.predictBatch).toBeUndefined();
    expect(off.provenance.batch).toBeUndefined();
    await Promise.all([three.dispose(), off.dispose()]);
  });

  it('runs one image at a time when dimension 0 is fixed, or is not the same axis in the output', async () => {
    for (const [input, output] of [[1, 1], ['batch', 'n'], ['batch', 1]] as const) {
      const runtime = await loadOnnxRuntime(convNet(input, output), { intraOpNumThreads: 1 });
      expect(runtime.dynamicBatch, `${input} → ${output}`).toBe(false);
      await runtime.dispose();
    }
    const model = await loadModel(convNet(1, 1), { task: 'classification' });
    expect(model.batchSize).toBe(1);
    expect(model.predictBatch).toBeUndefined();
    await model.dispose();
  });

  it('stacks only feeds of batch 1 with the same shapes and types, and splits outputs back', () => {
    const a = { x: { dims: [1, 2], data: new Float32Array([1, 2]) } };
    const b = { x: { dims: [1, 2], data: new Float32Array([3, 4]) } };
    expect(stackable([a, b])).toBe(true);
    expect(stackable([a])).toBe(false);
    expect(stackable([a, { x: { dims: [1, 3], data: new Float32Array(3) } }])).toBe(false);
    expect(stackable([a, { x: { dims: [1, 2], data: new Int32Array(2) } }])).toBe(false);
    expect(stackable([a, { y: b.x }])).toBe(false);
    expect(stackable([{ x: { dims: [2, 1], data: new Float32Array(2) } }, { x: { dims: [2, 1], data: new Float32Array(2) } }])).toBe(false);
    const stacked = stackFeeds([a, b]);
    expect(stacked.x.dims).toEqual([2, 2]);
    expect(Array.from(stacked.x.data as Float32Array)).toEqual([1, 2, 3, 4]);
    const parts = splitOutputs({ y: { dims: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) } }, 2)!;
    expect(parts.map((p) => [p.y.dims, Array.from(p.y.data as Float32Array)])).toEqual([[[1, 3], [1, 2, 3]], [[1, 3], [4, 5, 6]]]);
    expect(splitOutputs({ y: { dims: [3, 2], data: new Float32Array(6) } }, 2)).toBeUndefined();
  });

  it('a sweep runs each sample\'s levels in one call and gets the same table as one image per call', async () => {
    const data = await mkdtemp(join(tmpdir(), 'lv-batch-data-'));
    const photos = fileURLToPath(new URL('../../demo/photos/', import.meta.url));
    for (const name of ['coffee.png', 'astronaut.png']) await copyFile(join(photos, name), join(data, name));
    const config = join(data, '..', `lv-batch-${process.pid}.json`);
    await writeFile(config, JSON.stringify({ preset: 'torchvision', topK: 10 }));
    const file = convNet('batch', 'batch');
    // Counts onnxruntime's own calls (the class InferenceSession.create returns); it still runs them.
    const sessions = ort.InferenceSession as unknown as { prototype: ort.InferenceSession };
    const calls = vi.spyOn(sessions.prototype, 'run');
    const sweep = async (batch: number) => {
      calls.mockClear();
      const result = await runSweep({
        task: 'classification', data, models: [`${file}@${config}`], seed: 0, referenceThreshold: 0.5, workers: 1,
        conditions: [{ codec: 'jpeg', level: 60 }, { codec: 'jpeg', level: 20 }, { codec: 'webp', level: 20 }],
        cacheDir: await mkdtemp(join(tmpdir(), 'lv-batch-cache-')),
        modelOptions: { batch },
      });
      return { rows: studyTable(result).rows, calls: calls.mock.calls.length, runId: experimentId(experimentOf(result.config)) };
    };
    const batched = await sweep(8);
    const single = await sweep(1);
    calls.mockRestore();
    // The probe at load, then one call per photo (pristine + 3 levels) instead of one per image.
    expect(batched.calls).toBe(1 + 2);
    expect(single.calls).toBe(1 + 2 * 4);
    expect(batched.rows).toEqual(single.rows);
    expect(batched.runId).toBe(single.runId);
  });
});
