/**
 * Tiny ONNX graphs with real operators for the segmentation, depth and classifier adapter tests
 * (test/models/onnx-builder.ts has constant-output graphs only).
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

type Dim = number | string;

function valueInfo(name: string, dims: Dim[]) {
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

function initializer(name: string, dims: number[], values: number[]) {
  return onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData: new Uint8Array(new Float32Array(values).buffer) });
}

function graph(input: { name: string; dims: Dim[] }, output: { name: string; dims: Dim[] }, nodes: ReturnType<typeof onnx.NodeProto.create>[], inits: ReturnType<typeof initializer>[]): Uint8Array {
  const g = onnx.GraphProto.create({ name: 'test', node: nodes, initializer: inits, input: [valueInfo(input.name, input.dims)], output: [valueInfo(output.name, output.dims)] });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'lossyvision-test', graph: g });
  return onnx.ModelProto.encode(model).finish();
}

/** `logits = Conv1x1(image)`: [1, 3, H, W] → [1, C, H, W]; weights row-major [C][3]. */
export function pixelLogitsGraph(weights: number[][], bias: number[], size: [Dim, Dim] = [32, 32]): Uint8Array {
  const [w, h] = size;
  const c = weights.length;
  return graph({ name: 'image', dims: [1, 3, h, w] }, { name: 'logits', dims: [1, c, h, w] }, [
    onnx.NodeProto.create({ opType: 'Conv', input: ['image', 'W', 'B'], output: ['logits'] }),
  ], [initializer('W', [c, 3, 1, 1], weights.flat()), initializer('B', [c], bias)]);
}

/** `out = ReduceMean over channels(image) · a + b`: [1, 3, H, W] → [1, 1, H, W], a depth-like map that follows the pixels. */
export function meanChannelGraph(a: number, b: number, size: [number, number] = [32, 32]): Uint8Array {
  const [w, h] = size;
  return graph({ name: 'image', dims: [1, 3, h, w] }, { name: 'depth', dims: [1, 1, h, w] }, [
    onnx.NodeProto.create({ opType: 'Conv', input: ['image', 'W', 'B'], output: ['depth'] }),
  ], [initializer('W', [1, 3, 1, 1], [a / 3, a / 3, a / 3]), initializer('B', [1], [b])]);
}

/** `logits = Gemm(GlobalAveragePool(image))`: [1, 3, H, W] → [1, C]; weights row-major [C][3]. */
export function meanColourClassifierGraph(weights: number[][], bias: number[], size: [number, number] = [32, 32]): Uint8Array {
  const [w, h] = size;
  const c = weights.length;
  return graph({ name: 'image', dims: [1, 3, h, w] }, { name: 'logits', dims: [1, c] }, [
    onnx.NodeProto.create({ opType: 'GlobalAveragePool', input: ['image'], output: ['pooled'] }),
    onnx.NodeProto.create({ opType: 'Flatten', input: ['pooled'], output: ['flat'] }),
    onnx.NodeProto.create({ opType: 'Gemm', input: ['flat', 'W', 'B'], output: ['logits'], attribute: [onnx.AttributeProto.create({ name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 })] }),
  ], [initializer('W', [c, 3], weights.flat()), initializer('B', [c], bias)]);
}
