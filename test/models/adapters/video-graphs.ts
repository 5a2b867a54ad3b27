/** Tiny ONNX action models for tests: mean over every axis but channels, then a linear layer. */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

function valueInfo(name: string, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: FLOAT,
        shape: onnx.TensorShapeProto.create({ dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) }),
      }),
    }),
  });
}

/**
 * `scores = mean(x over reduceAxes) · weights`: input `inputDims`, the kept axis (after the
 * reduction, `[1, K]`) times a `[K, C]` matrix gives logits `[1, C]`. Its top-1 follows the
 * input's per-channel means, so a test knows the answer.
 */
export function linearMeanGraph(inputDims: (number | string)[], reduceAxes: number[], weights: number[][]): Uint8Array {
  const k = weights.length;
  const c = weights[0].length;
  const w = onnx.TensorProto.create({ name: 'w', dims: [k, c], dataType: FLOAT, rawData: new Uint8Array(new Float32Array(weights.flat()).buffer) });
  const nodes = [
    onnx.NodeProto.create({
      opType: 'ReduceMean',
      input: ['clip'],
      output: ['pooled'],
      attribute: [
        onnx.AttributeProto.create({ name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: reduceAxes }),
        onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }),
      ],
    }),
    onnx.NodeProto.create({ opType: 'MatMul', input: ['pooled', 'w'], output: ['logits'] }),
  ];
  const graph = onnx.GraphProto.create({
    name: 'video-test',
    node: nodes,
    initializer: [w],
    input: [valueInfo('clip', inputDims)],
    output: [valueInfo('logits', [1, c])],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'lossyvision-test', graph });
  return onnx.ModelProto.encode(model).finish();
}
