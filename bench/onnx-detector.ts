/**
 * A YOLOv5-shaped ONNX detector of realistic cost for timing runs where no trained ONNX model
 * can be downloaded: 640×640 input, six 3×3 convolutions (about 3 GMAC, the order of
 * YOLOv5s), head output [1, 6400, 85]. Its weights are seeded random, so its detections mean
 * nothing; only its speed does. Written with onnx-proto (a dev dependency).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function writeSyntheticYolo(dir: string): { model: string; config: string } {
  mkdirSync(dir, { recursive: true });
  const rand = random(1);
  const initializer: InstanceType<typeof onnx.TensorProto>[] = [];
  const node: InstanceType<typeof onnx.NodeProto>[] = [];
  const tensor = (name: string, dims: number[], values: Float32Array | BigInt64Array, int64 = false) =>
    initializer.push(onnx.TensorProto.create({ name, dims, dataType: int64 ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer) }));
  let input = 'images';
  const layers: [number, number, number, number][] = [[3, 32, 3, 2], [32, 32, 3, 1], [32, 64, 3, 2], [64, 64, 3, 1], [64, 128, 3, 2], [128, 85, 1, 1]];
  layers.forEach(([cin, cout, k, stride], i) => {
    const w = new Float32Array(cout * cin * k * k).map(() => (rand() - 0.5) * (2 / Math.sqrt(cin * k * k)));
    tensor(`w${i}`, [cout, cin, k, k], w);
    tensor(`b${i}`, [cout], new Float32Array(cout).map(() => (i === layers.length - 1 ? -4 : 0)));
    const out = `c${i}`;
    node.push(onnx.NodeProto.create({
      opType: 'Conv', input: [input, `w${i}`, `b${i}`], output: [out],
      attribute: [
        onnx.AttributeProto.create({ name: 'strides', type: onnx.AttributeProto.AttributeType.INTS, ints: [stride, stride] }),
        onnx.AttributeProto.create({ name: 'pads', type: onnx.AttributeProto.AttributeType.INTS, ints: Array(4).fill((k - 1) / 2) }),
      ],
    }));
    input = out;
    if (i < layers.length - 1) {
      node.push(onnx.NodeProto.create({ opType: 'Relu', input: [out], output: [`r${i}`] }));
      input = `r${i}`;
    }
  });
  tensor('shape', [3], new BigInt64Array([1n, 85n, 6400n]), true);
  node.push(onnx.NodeProto.create({ opType: 'Reshape', input: [input, 'shape'], output: ['flat'] }));
  node.push(onnx.NodeProto.create({ opType: 'Transpose', input: ['flat'], output: ['t'], attribute: [onnx.AttributeProto.create({ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 1] })] }));
  // Boxes come out in 0..1 pixels and scores near sigmoid(−4): junk, but cheap to post-process.
  node.push(onnx.NodeProto.create({ opType: 'Sigmoid', input: ['t'], output: ['output0'] }));
  const info = (name: string, dims: number[]) =>
    onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
  const graph = onnx.GraphProto.create({ name: 'synthetic-yolo', node, initializer, input: [info('images', [1, 3, 640, 640])], output: [info('output0', [1, 6400, 85])] });
  const bytes = onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'lossyvision-bench', graph })).finish();
  const model = join(dir, 'synthetic-yolo.onnx');
  writeFileSync(model, bytes);
  const config = join(dir, 'synthetic-yolo.json');
  writeFileSync(config, JSON.stringify({ format: 'yolov5', inputSize: 640, classMap: 'coco80', scoreThreshold: 0.25 }));
  return { model, config };
}
