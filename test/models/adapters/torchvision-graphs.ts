/**
 * Torch-free ONNX graphs with the exact signatures of torchvision 0.14's exports (names, order,
 * element types, fixed and symbolic axes), answering constant detections. The signatures are
 * written out here and checked against the ones recorded from real exports
 * (test/fixtures/torchvision-exports/signatures.json, scripts/reference/torchvision-export-signatures.py).
 */
import onnxProto from 'onnx-proto';
import { writeGraph } from '../onnx-builder.js';

const { onnx } = onnxProto;

export interface TensorSignature {
  name: string;
  type: 'float32' | 'int64';
  /** A string is a symbolic (dynamic) axis. */
  dims: (number | string)[];
}

export interface ExportSignature {
  inputs: TensorSignature[];
  outputs: TensorSignature[];
}

const ELEM = { float32: onnx.TensorProto.DataType.FLOAT, int64: onnx.TensorProto.DataType.INT64 } as const;

function valueInfo(t: TensorSignature) {
  return onnx.ValueInfoProto.create({
    name: t.name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: ELEM[t.type],
        shape: onnx.TensorShapeProto.create({ dim: t.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) }),
      }),
    }),
  });
}

/** Constant answers per role: N detections, K keypoints. */
export interface Answers {
  boxes: number[];
  labels: number[];
  scores: number[];
  keypoints?: number[];
  keypoints_scores?: number[];
}

/**
 * A graph with `signature`'s inputs and outputs; output i answers `answers[roles[i]]`, its
 * symbolic axes taking the answer's size (the first axis: N detections; at most one more).
 */
export function signatureGraph(signature: ExportSignature, roles: readonly (keyof Answers)[], answers: Answers): Uint8Array {
  const n = answers.scores.length;
  const nodes = signature.outputs.map((o, i) => {
    const values = answers[roles[i]]!;
    // A symbolic axis past the first (Keypoint R-CNN's K) takes what the fixed axes leave.
    const fixed = o.dims.slice(1).reduce<number>((p, d) => (typeof d === 'number' ? p * d : p), 1);
    const dims = o.dims.map((d, axis) => (typeof d === 'number' ? d : axis === 0 ? n : values.length / n / fixed));
    const raw = o.type === 'int64' ? new BigInt64Array(values.map((v) => BigInt(v))) : new Float32Array(values);
    const tensor = onnx.TensorProto.create({ dims, dataType: ELEM[o.type], rawData: new Uint8Array(raw.buffer) });
    return onnx.NodeProto.create({
      opType: 'Constant',
      output: [o.name],
      attribute: [onnx.AttributeProto.create({ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: tensor })],
    });
  });
  const graph = onnx.GraphProto.create({ name: 'torchvision-signature', node: nodes, input: signature.inputs.map(valueInfo), output: signature.outputs.map(valueInfo) });
  const model = onnx.ModelProto.create({ irVersion: 7, opsetImport: [{ domain: '', version: 11 }], producerName: 'lossyvision-test', graph });
  return onnx.ModelProto.encode(model).finish();
}

/** A graph file's signature, read back from its bytes (what the test compares with the recorded one). */
export function readSignature(bytes: Uint8Array): ExportSignature {
  const model = onnx.ModelProto.decode(bytes);
  const names = new Map<number, TensorSignature['type']>([[ELEM.float32, 'float32'], [ELEM.int64, 'int64']]);
  const sig = (v: onnxProto.onnx.IValueInfoProto): TensorSignature => ({
    name: v.name ?? '',
    type: names.get(v.type!.tensorType!.elemType!)!,
    dims: v.type!.tensorType!.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue))),
  });
  return { inputs: model.graph!.input!.map(sig), outputs: model.graph!.output!.map(sig) };
}

export function writeSignatureGraph(fileName: string, signature: ExportSignature, roles: readonly (keyof Answers)[], answers: Answers): string {
  return writeGraph(fileName, signatureGraph(signature, roles, answers));
}

const f = (name: string, dims: (number | string)[]): TensorSignature => ({ name, type: 'float32', dims });
const i64 = (name: string, dims: (number | string)[]): TensorSignature => ({ name, type: 'int64', dims });
const recipeInput = [f('image', [3, 'height', 'width'])];
const plainInput = [f('image.1', [3, 320, 320])];

/**
 * torchvision 0.14 / torch 1.13 at opset 11, as exported by
 * scripts/reference/torchvision-export-signatures.py: `plain` without names (torch numbers the
 * outputs and fixes the input to the traced 320×320), `recipe` as the README exports.
 */
export const TORCHVISION_EXPORTS = {
  fasterrcnn: {
    plain: { inputs: plainInput, outputs: [f('2241', ['Concat2241_dim_0', 4]), i64('2220', ['Gather2220_dim_0']), f('2219', ['Gather2220_dim_0'])] },
    recipe: { inputs: recipeInput, outputs: [f('boxes', ['detections', 4]), i64('labels', ['detections']), f('scores', ['detections'])] },
    // torchvision's docstring recipe: a list of two images, so two inputs and two sets of outputs.
    docstringTwoImages: {
      inputs: [f('image.1', [3, 300, 400]), f('image.5', [3, 500, 400])],
      outputs: [
        f('2578', ['Concat2578_dim_0', 4]), i64('2436', ['Gather2436_dim_0']), f('2435', ['Gather2436_dim_0']),
        f('2599', ['Concat2599_dim_0', 4]), i64('2557', ['Gather2557_dim_0']), f('2556', ['Gather2557_dim_0']),
      ],
    },
  },
  retinanet: {
    plain: { inputs: plainInput, outputs: [f('2256', ['Concat2256_dim_0', 4]), f('2234', ['Gather2234_dim_0']), i64('2235', ['Gather2234_dim_0'])] },
    recipe: { inputs: recipeInput, outputs: [f('boxes', ['detections', 4]), f('scores', ['detections']), i64('labels', ['detections'])] },
  },
  ssd: {
    plain: { inputs: plainInput, outputs: [f('3220', ['Concat3220_dim_0', 4]), f('3198', ['Gather3198_dim_0']), i64('3199', ['Gather3198_dim_0'])] },
    recipe: { inputs: recipeInput, outputs: [f('boxes', ['detections', 4]), f('scores', ['detections']), i64('labels', ['detections'])] },
  },
  ssdlite: {
    plain: { inputs: plainInput, outputs: [f('3854', ['Concat3854_dim_0', 4]), f('3832', ['Gather3832_dim_0']), i64('3833', ['Gather3832_dim_0'])] },
    recipe: { inputs: recipeInput, outputs: [f('boxes', ['detections', 4]), f('scores', ['detections']), i64('labels', ['detections'])] },
  },
  keypointrcnn: {
    plain: {
      inputs: plainInput,
      outputs: [
        f('2659', ['Concat2659_dim_0', 4]), i64('2239', ['Gather2239_dim_0']), f('2238', ['Gather2239_dim_0']),
        f('2668', ['Concat2668_dim_0', 'Concat2668_dim_1', 3]), f('end_scores.7', ['Loopend_scores.7_dim_0', 'Loopend_scores.7_dim_1']),
      ],
    },
    recipe: {
      inputs: recipeInput,
      outputs: [
        f('boxes', ['detections', 4]), i64('labels', ['detections']), f('scores', ['detections']),
        f('keypoints', ['detections', 'Concatkeypoints_dim_1', 3]), f('keypoints_scores', ['detections', 'Loopkeypoints_scores_dim_1']),
      ],
    },
  },
} satisfies Record<string, Record<string, ExportSignature>>;

/** Each family's outputs in the order its forward returns them. */
export const FORWARD_ORDER: Record<keyof typeof TORCHVISION_EXPORTS, (keyof Answers)[]> = {
  fasterrcnn: ['boxes', 'labels', 'scores'],
  retinanet: ['boxes', 'scores', 'labels'],
  ssd: ['boxes', 'scores', 'labels'],
  ssdlite: ['boxes', 'scores', 'labels'],
  keypointrcnn: ['boxes', 'labels', 'scores', 'keypoints', 'keypoints_scores'],
};
