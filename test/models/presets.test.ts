/**
 * The preprocessing presets against the frameworks' own tensors (test/fixtures/preprocess,
 * written by scripts/reference/torchvision-preprocess.py with torch 1.13 / torchvision 0.14 /
 * PIL 9.4 / OpenCV 4.6), through the adapters exactly as a user's model config reaches them;
 * then real torchvision models, exported with torch.onnx.export, against eager PyTorch.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/media/decode.js';
import type { RgbImage } from '../../src/media/image.js';
import { classifierAdapter } from '../../src/models/adapters/classifier.js';
import { prepareDetectorInput, resolveDetectorSettings } from '../../src/models/adapters/detector-settings.js';
import { parseDetectorConfig } from '../../src/models/adapters/detector-config.js';
import { segmentationAdapter } from '../../src/models/adapters/segmentation.js';
import { VideoClassifier } from '../../src/models/adapters/video-classifier.js';
import { resizeOpenCvLinear } from '../../src/models/calculators/resize-opencv.js';
import { loadModel } from '../../src/models/load.js';
import { loadOnnxRuntime } from '../../src/models/runtimes/onnx.js';
import { toNumbers, type Runtime } from '../../src/models/runtimes/runtime.js';
import type { ClassificationPrediction } from '../../src/tasks/classification/prediction.js';
import type { LabelMap } from '../../src/tasks/segmentation/types.js';
import { constantGraph, writeGraph } from './onnx-builder.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'scripts/reference/torchvision-preprocess.py');

interface Case {
  preset: string;
  images: string[];
  source: { width: number; height: number; sha256: string }[];
  pixels: { shape: number[]; sha256: string; samples: [number, number, number, number][] };
  /** Absent for the opencv-resize cases (pixels only). */
  tensor: { dims: number[]; channelSums: number[]; samples: [number, number][] };
}
const reference = JSON.parse(readFileSync(join(root, 'test/fixtures/preprocess/reference.json'), 'utf8')) as { cases: Case[] };

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const KINETICS = { mean: [0.43216, 0.394666, 0.37645], std: [0.22803, 0.22145, 0.216989] };
const RAW = { mean: [0, 0, 0], std: [1, 1, 1] };

const runtimes = new Map<string, Promise<Runtime>>();
/** A graph declaring `dims` as its input (outputs unused: only the adapters' prepare runs). */
function runtimeFor(dims: (number | string)[]): Promise<Runtime> {
  const key = dims.join('x');
  if (!runtimes.has(key)) {
    const file = writeGraph('input.onnx', constantGraph({ name: 'image', dims }, [{ name: 'out', dims: [1, 2], values: [0, 0] }]));
    runtimes.set(key, loadOnnxRuntime(file));
  }
  return runtimes.get(key)!;
}

/** `[1, 3, T, 112, 112]` → `[1, 3·T·112·112]`: a video "classifier" whose scores are its input clip. */
function flattenGraph(frames: number): string {
  const { onnx } = onnxProto;
  const info = (name: string, dims: number[]) => onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });
  const graph = onnx.GraphProto.create({
    name: 'flatten',
    node: [onnx.NodeProto.create({ opType: 'Flatten', input: ['clip'], output: ['scores'], attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 })] })],
    input: [info('clip', [1, 3, frames, 112, 112])],
    output: [info('scores', [1, 3 * frames * 112 * 112])],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph });
  return writeGraph('flatten.onnx', onnx.ModelProto.encode(model).finish());
}

/** What lossyvision feeds the network for a case: the tensor (channels first) and its statistics. */
async function ours(c: Case, images: RgbImage[]): Promise<{ data: Float32Array; stats: typeof IMAGENET }> {
  const image = images[0];
  const feed = (feeds: Record<string, { data: unknown }>) => feeds.image.data as Float32Array;
  switch (c.preset) {
    case 'torchvision-classification':
    case 'timm-classification': {
      const adapter = classifierAdapter(await runtimeFor([1, 3, 224, 224]), { preset: c.preset.split('-')[0] as 'torchvision' | 'timm' });
      return { data: feed(adapter.prepare(image).feeds), stats: IMAGENET };
    }
    case 'torchvision-segmentation': {
      const adapter = segmentationAdapter(await runtimeFor([1, 3, 'height', 'width']), { preset: 'torchvision' });
      return { data: feed(adapter.prepare(image).feeds), stats: IMAGENET };
    }
    case 'torchvision-detection':
    case 'ultralytics-detection': {
      const [format, preset, dims] = c.preset === 'torchvision-detection' ? ['torchvision', 'torchvision', [3, 'height', 'width']] as const : ['yolov8', 'ultralytics', [1, 3, 640, 640]] as const;
      const runtime = await runtimeFor([...dims]);
      const settings = resolveDetectorSettings(parseDetectorConfig({ format, preset }), runtime);
      return { data: feed(prepareDetectorInput(image, settings).feeds), stats: RAW };
    }
    case 'torchvision-video': {
      const model = await VideoClassifier.create('clip', await loadOnnxRuntime(flattenGraph(images.length)), { preset: 'torchvision', softmax: false });
      const scores = await model.scores(images);
      await model.dispose();
      return { data: Float32Array.from(scores), stats: KINETICS };
    }
  }
  throw new Error(`no preset ${c.preset}`);
}

/** The 8-bit pixels behind a normalised channels-first tensor ([3, H, W] or [3, T, H, W]), as HWC (T·HWC). */
function pixelsOf(data: Float32Array, stats: typeof IMAGENET): Uint8Array {
  const plane = data.length / 3;
  const out = new Uint8Array(data.length);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane; i++) out[i * 3 + c] = Math.round((data[c * plane + i] * stats.std[c] + stats.mean[c]) * 255);
  }
  return out;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Presets whose reference resampling is integer arithmetic reproduced exactly (PIL, OpenCV, none). */
const EXACT = new Set(['torchvision-classification', 'timm-classification', 'torchvision-segmentation', 'torchvision-detection', 'ultralytics-detection']);

describe('cv2.resize(INTER_LINEAR) reproduced: reductions and the exact halving OpenCV does as INTER_AREA', () => {
  for (const c of reference.cases.filter((k) => k.preset === 'opencv-resize')) {
    it(`${c.images[0]} → ${c.pixels.shape[1]} × ${c.pixels.shape[0]}`, async () => {
      const image = await decodeImage(join(root, c.images[0]));
      expect(sha256(resizeOpenCvLinear(image, c.pixels.shape[1], c.pixels.shape[0]).data)).toBe(c.pixels.sha256);
    });
  }
});

describe('preprocessing presets match the frameworks\' tensors on the demo photos', () => {
  for (const c of reference.cases.filter((k) => k.preset !== 'opencv-resize')) {
    it(`${c.preset}: ${c.images.join(', ')}`, async () => {
      const images = await Promise.all(c.images.map((f) => decodeImage(join(root, f))));
      // The decoder sees PIL's pixels, so any difference below is the preprocessing's.
      expect(images.map((im) => ({ width: im.width, height: im.height, sha256: sha256(im.data) }))).toEqual(c.source);
      const { data, stats } = await ours(c, images);
      expect(data.length).toBe(c.tensor.dims.reduce((a, b) => a * b, 1));
      const pixels = pixelsOf(data, stats);
      const level = (i: number) => Math.max(...[0, 1, 2].map((k) => Math.abs(pixels[i * 3 + k] - c.pixels.samples.find((s) => s[0] === i)![k + 1])));
      const sampled = c.pixels.samples.map(([i]) => level(i));
      const plane = data.length / 3;
      const sums = [0, 1, 2].map((k) => data.subarray(k * plane, (k + 1) * plane).reduce((a, v) => a + v, 0));
      if (EXACT.has(c.preset)) {
        // Identical 8-bit pixels, and the float tensor to float32 rounding.
        expect(sha256(pixels)).toBe(c.pixels.sha256);
        for (const [i, v] of c.tensor.samples) expect(Math.abs(data[i] - v)).toBeLessThan(2e-6);
        sums.forEach((s, k) => expect(Math.abs(s - c.tensor.channelSums[k]) / plane).toBeLessThan(1e-6));
      } else {
        // torch's float32 bilinear (video): within one level.
        expect(Math.max(...sampled)).toBeLessThanOrEqual(1);
        const oneLevel = 1 / 255 / Math.min(...stats.std);
        for (const [i, v] of c.tensor.samples) expect(Math.abs(data[i] - v)).toBeLessThanOrEqual(oneLevel + 1e-6);
        // The mean difference per value is a fraction of a level.
        sums.forEach((s, k) => expect(Math.abs(s - c.tensor.channelSums[k]) / plane).toBeLessThan(0.25 / 255 / stats.std[k]));
      }
    });
  }
});

/** Debian's torch and torchvision, where installed; the models are built from the script into a cache keyed by its hash. */
function torchModels(): { dir: string } | { skip: string } {
  const python = '/usr/bin/python3';
  try {
    execFileSync(python, ['-c', 'import torch, torchvision, cv2'], { stdio: 'pipe' });
  } catch {
    return { skip: `${python} lacks torch/torchvision/cv2 (apt-get install python3-torchvision python3-opencv)` };
  }
  const dir = join(tmpdir(), `lossyvision-torchvision-models-${sha256(readFileSync(script)).slice(0, 16)}`);
  if (!existsSync(join(dir, 'reference.json'))) {
    const building = `${dir}.${process.pid}`;
    mkdirSync(building, { recursive: true });
    execFileSync(python, [script, 'models', building], { stdio: 'pipe', timeout: 240_000 });
    renameSync(building, dir);
  }
  return { dir };
}

describe('real torchvision exports agree with eager PyTorch', () => {
  const built = torchModels();
  if ('skip' in built) {
    it.skip(`skipped: ${built.skip}`, () => {});
    console.log(`[presets.test] real-export tests skipped: ${built.skip}`);
    return;
  }
  const { dir } = built;
  const expected = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as {
    resnet18: Record<string, number[]>;
    lraspp: Record<string, { width: number; height: number; file: string }>;
  };
  const softmax = (v: number[]) => {
    const m = Math.max(...v);
    const e = v.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  };

  it('resnet18 (opset 13, "preset": "torchvision"): logits within 1e-3, the same top-5 with probabilities within 0.01', async () => {
    const file = join(dir, 'resnet18.onnx');
    const runtime = await loadOnnxRuntime(file);
    const adapter = classifierAdapter(runtime, { preset: 'torchvision' });
    const model = await loadModel(file, { task: 'classification', config: { preset: 'torchvision' } as never });
    for (const [name, logits] of Object.entries(expected.resnet18)) {
      const image = await decodeImage(join(root, 'demo/photos', name));
      const out = await runtime.run(adapter.prepare(image).feeds, ['logits']);
      const ourLogits = toNumbers(out.logits);
      expect(Math.max(...logits.map((v, i) => Math.abs(v - ourLogits[i])))).toBeLessThan(1e-3);
      const probabilities = softmax(logits);
      const top5 = probabilities.map((p, i) => [p, i]).sort((a, b) => b[0] - a[0]).slice(0, 5);
      const p = (await model.predict(image)) as ClassificationPrediction;
      expect(p.top.map((t) => t.index)).toEqual(top5.map(([, i]) => i));
      p.top.forEach((t, k) => expect(Math.abs(t.score - top5[k][0])).toBeLessThan(0.01));
    }
    await model.dispose();
    await runtime.dispose();
  }, 60_000);

  it('LR-ASPP MobileNetV3 (dynamic size, "preset": "torchvision"): ≥ 99 % of the pixels of eager PyTorch\'s label map', async () => {
    const model = await loadModel(join(dir, 'lraspp.onnx'), { task: 'segmentation', config: { preset: 'torchvision' } as never });
    for (const [name, ref] of Object.entries(expected.lraspp)) {
      const image = await decodeImage(join(root, 'demo/photos', name));
      const map = (await model.predict(image)) as LabelMap;
      const labels = readFileSync(join(dir, ref.file));
      expect([map.width, map.height]).toEqual([ref.width, ref.height]);
      let same = 0;
      for (let i = 0; i < labels.length; i++) if (map.data[i] === labels[i]) same++;
      expect(same / labels.length).toBeGreaterThanOrEqual(0.99);
    }
    await model.dispose();
  }, 60_000);
});
