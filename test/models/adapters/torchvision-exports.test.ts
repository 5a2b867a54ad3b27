import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTION_ROLES, identifyOutputs, KEYPOINT_ROLES } from '../../../src/models/adapters/torchvision-outputs.js';
import { loadModel } from '../../../src/models/load.js';
import type { Detection } from '../../../src/tasks/detection/types.js';
import type { PosePerson } from '../../../src/tasks/pose/types.js';
import { FORWARD_ORDER, readSignature, signatureGraph, TORCHVISION_EXPORTS, writeSignatureGraph, type Answers, type ExportSignature } from './torchvision-graphs.js';

/** Recorded from real torchvision 0.14 exports (scripts/reference/torchvision-export-signatures.py). */
const recorded = JSON.parse(readFileSync(new URL('../../fixtures/torchvision-exports/signatures.json', import.meta.url), 'utf8')) as {
  families: Record<string, Record<string, ExportSignature> & { forwardOrder: string[] }>;
};

const image = { width: 320, height: 320, data: new Uint8Array(320 * 320 * 3).fill(90) };

/** Three detections in input pixels; the 320×320 image needs no rescaling, even for a fixed-size export. */
const answers: Answers = {
  boxes: [10, 20, 110, 220, 200, 40, 300, 140, 5, 5, 15, 15],
  labels: [18, 1, 47],
  scores: [0.6, 0.9, 0.3],
};
const expected: Detection[] = [
  { categoryId: 1, score: 0.9, bbox: [200, 40, 100, 100] },
  { categoryId: 18, score: 0.6, bbox: [10, 20, 100, 200] },
  { categoryId: 47, score: 0.3, bbox: [5, 5, 10, 10] },
];
const rounded = (d: Detection[]) => d.map((x) => ({ ...x, score: Math.round(x.score * 1e6) / 1e6 }));

type Family = keyof typeof TORCHVISION_EXPORTS;
const DETECTORS: Family[] = ['fasterrcnn', 'retinanet', 'ssd', 'ssdlite'];

describe('torchvision export signatures', () => {
  it('the test graphs have the recorded signatures of real exports: names, order, types, fixed and symbolic axes', () => {
    for (const [family, variants] of Object.entries(TORCHVISION_EXPORTS)) {
      expect(recorded.families[family].forwardOrder, family).toEqual(FORWARD_ORDER[family as Family]);
      for (const [variant, signature] of Object.entries(variants)) {
        const roles = variant === 'docstringTwoImages' ? [...FORWARD_ORDER.fasterrcnn, ...FORWARD_ORDER.fasterrcnn] : FORWARD_ORDER[family as Family];
        const keypoints = family === 'keypointrcnn' ? { keypoints: new Array(3 * 17 * 3).fill(1), keypoints_scores: new Array(3 * 17).fill(0) } : {};
        const graph = signatureGraph(signature, roles, { ...answers, ...keypoints });
        expect(readSignature(graph), `${family} ${variant}`).toEqual(recorded.families[family][variant]);
      }
    }
  });
});

describe('telling torchvision outputs apart', () => {
  it('finds every role in every recorded export, its symbolic axes dynamic as onnxruntime declares them', () => {
    for (const [family, variants] of Object.entries(recorded.families)) {
      for (const variant of ['plain', 'recipe']) {
        const outputs = variants[variant].outputs.map((o) => ({ name: o.name, type: o.type, dims: o.dims.map((d) => (typeof d === 'number' ? d : null)) }));
        const roles = family === 'keypointrcnn' ? KEYPOINT_ROLES : DETECTION_ROLES;
        const found = identifyOutputs(outputs, roles, undefined, { file: `${family}.onnx`, what: family });
        // The forward order names each output's role.
        expect(found, `${family} ${variant}`).toEqual(Object.fromEntries(variants.forwardOrder.map((role, i) => [role, outputs[i].name])));
        if (family === 'keypointrcnn') {
          // As a detector: boxes [?, 4] beside keypoint scores [?, ?], told apart by the fixed 4.
          expect(identifyOutputs(outputs, DETECTION_ROLES, undefined, { file: '', what: '' })).toEqual({ boxes: outputs[0].name, labels: outputs[1].name, scores: outputs[2].name });
        }
      }
    }
  });
});

describe('torchvision detection exports load with no config and give their detections', () => {
  for (const family of DETECTORS) {
    for (const variant of ['plain', 'recipe'] as const) {
      it(`${family}, ${variant === 'plain' ? 'exported without output names' : 'exported with the README recipe'}`, async () => {
        const file = writeSignatureGraph(`${family}-${variant}.onnx`, TORCHVISION_EXPORTS[family][variant], FORWARD_ORDER[family], answers);
        const model = await loadModel(file, { intraOpNumThreads: 1 });
        expect(JSON.parse(model.provenance.adapter)).toMatchObject({ family: 'torchvision', classMap: 'coco91' });
        expect(rounded((await model.predict(image)) as Detection[])).toEqual(expected);
        await model.dispose();
      });
    }
  }

  it('an SSD exported with Faster R-CNN\'s output names (labels and scores swapped) is still read right', async () => {
    const { inputs, outputs } = TORCHVISION_EXPORTS.ssd.recipe;
    const lying = { inputs, outputs: [outputs[0], { ...outputs[1], name: 'labels' }, { ...outputs[2], name: 'scores' }] };
    const model = await loadModel(writeSignatureGraph('ssd-misnamed.onnx', lying, FORWARD_ORDER.ssd, answers), { config: { format: 'torchvision' }, intraOpNumThreads: 1 });
    expect(JSON.parse(model.provenance.adapter).outputs).toEqual({ boxes: 'boxes', labels: 'scores', scores: 'labels' });
    expect(rounded((await model.predict(image)) as Detection[])).toEqual(expected);
    await model.dispose();
  });

  it('stops on outputs that type and shape cannot tell apart, showing the outputs config that settles it', async () => {
    // Labels cast to float: no int64 output, two float [N] ones, unnamed.
    const signature: ExportSignature = { inputs: TORCHVISION_EXPORTS.ssd.recipe.inputs, outputs: [
      { name: '101', type: 'float32', dims: ['n', 4] }, { name: '102', type: 'float32', dims: ['n'] }, { name: '103', type: 'float32', dims: ['n'] },
    ] };
    const file = writeSignatureGraph('ambiguous.onnx', signature, ['boxes', 'scores', 'labels'], answers);
    await expect(loadModel(file, { config: { format: 'torchvision' } })).rejects.toThrow(
      `${file}: cannot tell which output is which for a torchvision detector (boxes, labels, scores): no output can hold the labels (int64 [N]). ` +
      'The model\'s outputs: 101 float32 [3, 4]; 102 float32 [3]; 103 float32 [3]. Name them in the model config, e.g. "outputs": {"boxes":"101","labels":"102","scores":"103"}',
    );
    // Without a format it is not guessed to be torchvision either: the format error lists the outputs.
    await expect(loadModel(file)).rejects.toThrow(/needs its output format.*The model's outputs: 101 float32 \[3, 4\]; 102 float32 \[3\]; 103 float32 \[3\]$/);
    const model = await loadModel(file, { config: { format: 'torchvision', outputs: { boxes: '101', labels: '103', scores: '102' } }, intraOpNumThreads: 1 });
    expect(rounded((await model.predict(image)) as Detection[])).toEqual(expected);
    await model.dispose();
  });

  it('refuses torchvision\'s docstring export (two images, two inputs), saying what the inputs are and which one is fed', async () => {
    const signature = TORCHVISION_EXPORTS.fasterrcnn.docstringTwoImages;
    const file = writeSignatureGraph('frcnn-two.onnx', signature, [...FORWARD_ORDER.fasterrcnn, ...FORWARD_ORDER.fasterrcnn], answers);
    await expect(loadModel(file)).rejects.toThrow(
      `${file}: the model has 2 inputs (image.1 float32 [3, 300, 400] (fed the image); image.5 float32 [3, 500, 400]) but lossyvision feeds one image to one input`,
    );
  });
});

const K = 17;
/** Two people: keypoint j of person p at (10p + j, 100 + j), heatmap logits j − 8. */
const poseAnswers: Answers = {
  boxes: [0, 0, 100, 200, 150, 50, 250, 300],
  labels: [1, 1],
  scores: [0.7, 0.95],
  keypoints: [0, 1].flatMap((p) => Array.from({ length: K }, (_, j) => [10 * p + j, 100 + j, 1]).flat()),
  keypoints_scores: [0, 1].flatMap(() => Array.from({ length: K }, (_, j) => j - 8)),
};

describe('torchvision Keypoint R-CNN for --task pose', () => {
  for (const variant of ['plain', 'recipe'] as const) {
    it(`is recognised by its outputs (${variant} export) and gives one person per box, with the box`, async () => {
      const file = writeSignatureGraph(`kprcnn-${variant}.onnx`, TORCHVISION_EXPORTS.keypointrcnn[variant], FORWARD_ORDER.keypointrcnn, poseAnswers);
      const model = await loadModel(file, { task: 'pose', intraOpNumThreads: 1 });
      expect(JSON.parse(model.provenance.adapter)).toMatchObject({ family: 'torchvision-keypointrcnn' });
      const people = (await model.predict(image)) as PosePerson[];
      expect(people.map((p) => [Math.round(p.score * 1e6) / 1e6, p.bbox])).toEqual([[0.95, [150, 50, 100, 250]], [0.7, [0, 0, 100, 200]]]);
      expect(people[0].keypoints.length).toBe(3 * K);
      expect(people[0].keypoints.slice(0, 3)).toEqual([10, 100, expect.closeTo(1 / (1 + Math.exp(8)), 6)]);
      expect(people[1].keypoints.slice(3 * 16, 3 * 17)).toEqual([16, 116, expect.closeTo(1 / (1 + Math.exp(-8)), 6)]);
      await model.dispose();
    });
  }

  it('keeps people above --score-threshold, and the same graph works as a detector', async () => {
    const file = writeSignatureGraph('kprcnn.onnx', TORCHVISION_EXPORTS.keypointrcnn.plain, FORWARD_ORDER.keypointrcnn, poseAnswers);
    const pose = await loadModel(file, { task: 'pose', scoreThreshold: 0.8, intraOpNumThreads: 1 });
    expect(((await pose.predict(image)) as PosePerson[]).map((p) => p.bbox)).toEqual([[150, 50, 100, 250]]);
    await pose.dispose();
    const detector = await loadModel(file, { task: 'detection', intraOpNumThreads: 1 });
    expect(((await detector.predict(image)) as Detection[]).map((d) => [d.categoryId, d.bbox])).toEqual([[1, [150, 50, 100, 250]], [1, [0, 0, 100, 200]]]);
    await detector.dispose();
  });

  it('errors that point the way: the heatmap format names Keypoint R-CNN\'s; formats and fields are checked per format', async () => {
    const file = writeSignatureGraph('kprcnn-errors.onnx', TORCHVISION_EXPORTS.keypointrcnn.recipe, FORWARD_ORDER.keypointrcnn, poseAnswers);
    await expect(loadModel(file, { task: 'pose', config: { format: 'heatmap' } as never })).rejects.toThrow(
      'input "image" is [3, ?, ?]: a top-down heatmap pose model takes [1, 3, H, W]. A [3, H, W] input is a torchvision graph: Keypoint R-CNN is read with "format": "torchvision" in the model config',
    );
    await expect(loadModel(file, { task: 'pose', config: { format: 'openpose' } as never })).rejects.toThrow('format: Expected "format" to be one of "heatmap", "torchvision" for a pose model but received "openpose"');
    await expect(loadModel(file, { task: 'pose', config: { format: 'torchvision', padding: 1.2 } as never })).rejects.toThrow(
      'Unrecognized key: "padding" (fields for format "torchvision" (Keypoint R-CNN): format, inputSize,',
    );
    const model = await loadModel(file, { task: 'pose', config: { format: 'torchvision', maxDetections: 1 } as never, intraOpNumThreads: 1 });
    expect(((await model.predict(image)) as PosePerson[]).length).toBe(1);
    await model.dispose();
  });
});
