/** Writes tiny ONNX graphs for tests: a declared input and outputs fed by Constant nodes. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export interface ConstantOutput {
  name: string;
  dims: number[];
  values: number[];
  type?: 'float' | 'int64';
}

type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        }),
      }),
    }),
  });
}

export function constantGraph(input: { name: string; dims: Dim[] }, outputs: ConstantOutput[]): Uint8Array {
  const nodes = outputs.map((o) => {
    const int64 = o.type === 'int64';
    const raw = int64 ? new BigInt64Array(o.values.map((v) => BigInt(v))) : new Float32Array(o.values);
    const tensor = onnx.TensorProto.create({
      dims: o.dims,
      dataType: int64 ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT,
      rawData: new Uint8Array(raw.buffer),
    });
    return onnx.NodeProto.create({
      opType: 'Constant',
      output: [o.name],
      attribute: [onnx.AttributeProto.create({ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: tensor })],
    });
  });
  const graph = onnx.GraphProto.create({
    name: 'test',
    node: nodes,
    input: [valueInfo(input.name, onnx.TensorProto.DataType.FLOAT, input.dims)],
    output: outputs.map((o) => valueInfo(o.name, o.type === 'int64' ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT, o.dims)),
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'lossyvision-test', graph });
  return onnx.ModelProto.encode(model).finish();
}

/** Writes the graph into a fresh temporary folder and returns its path. */
export function writeGraph(fileName: string, bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lossyvision-models-'));
  const file = path.join(dir, fileName);
  writeFileSync(file, bytes);
  return file;
}
