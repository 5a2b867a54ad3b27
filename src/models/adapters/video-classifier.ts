import { basename } from 'node:path';
import { LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import { softmax } from '../../tasks/action/clips.js';
import { resizeBilinear } from '../../video/flow/farneback.js';
import { shorterSideSize } from '../calculators/centre-crop.js';
import { resizeCentreCrop, resizeImage, type Resample } from '../calculators/resize-image.js';
import { sha256Files } from '../hash-files.js';
import { formatDims, toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import { canonicalJson } from '../../json.js';
import { createHash } from 'node:crypto';
import type { VideoClassifierConfig } from './video-classifier-config.js';
import { VIDEO_PRESETS, withPreset } from './presets.js';

/**
 * An action-recognition model: a clip of frames in, softmax scores per stream out. One stream
 * ("rgb") for a video classifier; "spatial", "temporal" and their "fusion" for a two-stream one.
 */
export interface ActionModel {
  readonly id: string;
  /** sha256 of the graph file(s) and the adapter settings; predictions are cached under it. */
  readonly hash: string;
  readonly provenance: Record<string, string>;
  readonly streams: readonly string[];
  /** Video frames one clip needs. */
  readonly framesPerClip: number;
  /** Class names from the config, in output order. */
  readonly classes?: readonly string[];
  scoreClip(frames: readonly RgbImage[]): Promise<Record<string, number[]>>;
  dispose(): Promise<void>;
}

/** ImageNet statistics on 0–1 pixels by default; torchvision's Kinetics weights take their own (the preset). */
const DEFAULT_NORM = { scale: 1 / 255, mean: [0.485, 0.456, 0.406] as const, std: [0.229, 0.224, 0.225] as const };
const DEFAULT_SIDE = 112;
const DEFAULT_FRAMES = 16;

export interface ResolvedVideoInput {
  readonly inputName: string;
  readonly output: string;
  readonly layout: 'ncthw' | 'nthwc' | 'nchw';
  readonly framesPerClip: number;
  readonly width: number;
  readonly height: number;
  /** [width, height] frames are resized to before the centre crop; null: stretched to the input. */
  readonly resizeSize: readonly [number, number] | number | null;
  readonly resample: Resample;
}

/** Fills layout, T and size from the graph's declared input where the config leaves them out. */
export function resolveVideoInput(runtime: Runtime, config: VideoClassifierConfig): ResolvedVideoInput {
  const input = config.inputName !== undefined ? runtime.inputs.find((i) => i.name === config.inputName) : runtime.inputs[0];
  if (!input) throw new LossyvisionError('MODEL_LOAD', `expected an input named "${config.inputName}" but the model has: ${runtime.inputs.map((i) => i.name).join(', ')}`, { file: runtime.file });
  const dims = input.dims;
  const layout = config.layout ?? (dims?.length === 4 ? 'nchw' : dims?.length === 5 && dims[4] === 3 && dims[1] !== 3 ? 'nthwc' : 'ncthw');
  const expectedRank = layout === 'nchw' ? 4 : 5;
  if (dims && dims.length !== expectedRank) {
    throw new LossyvisionError('MODEL_LOAD', `expected a ${expectedRank}-D input for layout ${layout} but "${input.name}" is ${formatDims(dims)}`, { file: runtime.file });
  }
  // [1, 3, T, H, W] / [1, T, H, W, 3] / [1, 3, H, W]
  const [t, h, w] = layout === 'ncthw' ? [dims?.[2], dims?.[3], dims?.[4]] : layout === 'nthwc' ? [dims?.[1], dims?.[2], dims?.[3]] : [1, dims?.[2], dims?.[3]];
  const size = config.inputSize === undefined ? [w ?? DEFAULT_SIDE, h ?? DEFAULT_SIDE] : typeof config.inputSize === 'number' ? [config.inputSize, config.inputSize] : config.inputSize;
  const framesPerClip = config.framesPerClip ?? (layout === 'nchw' ? 1 : (t ?? DEFAULT_FRAMES));
  const output = config.output ?? runtime.outputs[0]?.name;
  if (output === undefined || !runtime.outputs.some((o) => o.name === output)) {
    throw new LossyvisionError('MODEL_OUTPUT', `expected an output named "${output ?? '(any)'}" but the model has: ${runtime.outputs.map((o) => o.name).join(', ') || 'no outputs'}`, { file: runtime.file });
  }
  return { inputName: input.name, output, layout, framesPerClip, width: size[0]!, height: size[1]!, resizeSize: config.resizeSize ?? null, resample: config.resample ?? 'bilinear' };
}

/**
 * A frame as the network takes it, RGB floats 0–255 interleaved: stretched to the input size,
 * or resized to `resizeSize` ([width, height], or the shorter side) and centre-cropped to it as
 * torchvision's video transforms do.
 */
export function resizeFrame(frame: RgbImage, width: number, height: number, resizeSize: ResolvedVideoInput['resizeSize'] = null, resample: Resample = 'bilinear'): Float32Array {
  if (resizeSize !== null) {
    const [rw, rh] = typeof resizeSize === 'number' ? shorterSideSize(frame.width, frame.height, resizeSize) : resizeSize;
    return resizeCentreCrop(frame, rw, rh, resample, width, height);
  }
  if (resample !== 'bilinear') return resizeImage(frame, width, height, resample);
  const pixels = Float32Array.from(frame.data);
  return frame.width === width && frame.height === height ? pixels : resizeBilinear(pixels, frame.width, frame.height, width, height, 3);
}

/** Reads a `[1, C]` (or `[C]`) score output. */
export function readScores(tensor: Tensor | undefined, name: string, file: string, applySoftmax: boolean): number[] {
  if (!tensor) throw new LossyvisionError('MODEL_OUTPUT', `expected an output "${name}" but the model returned none`, { file });
  const classes = tensor.dims[tensor.dims.length - 1];
  if (tensor.dims.some((d, i) => i < tensor.dims.length - 1 && d !== 1) || !(classes > 0)) {
    throw new LossyvisionError('MODEL_OUTPUT', `expected scores of shape [1, C] but "${name}" is ${formatDims(tensor.dims)}`, { file });
  }
  const values = Array.from(toNumbers(tensor));
  return applySoftmax ? softmax(values) : values;
}

export function adapterHash(fileHash: string, settings: unknown): string {
  return createHash('sha256').update(fileHash).update(canonicalJson(settings)).digest('hex');
}

/** An ONNX video classifier (I3D, X3D, R(2+1)D, a TSN spatial network …). */
export class VideoClassifier implements ActionModel {
  readonly streams = ['rgb'];
  readonly framesPerClip: number;
  readonly classes?: readonly string[];

  private constructor(
    readonly id: string,
    readonly hash: string,
    readonly provenance: Record<string, string>,
    private readonly runtime: Runtime,
    readonly input: ResolvedVideoInput,
    private readonly config: VideoClassifierConfig,
  ) {
    this.framesPerClip = input.framesPerClip;
    this.classes = config.classes;
  }

  static async create(id: string, runtime: Runtime, given: VideoClassifierConfig): Promise<VideoClassifier> {
    const config = withPreset(given, VIDEO_PRESETS);
    const input = resolveVideoInput(runtime, config);
    const settings = { ...config, ...input, adapter: 'video-classifier' };
    const hash = adapterHash(await sha256Files([runtime.file]), settings);
    const provenance = { runtime: `${runtime.name} ${runtime.version} (${runtime.backend})`, model: basename(runtime.file), adapter: 'video-classifier', settings: JSON.stringify(settings) };
    return new VideoClassifier(id, hash, provenance, runtime, input, config);
  }

  async scoreClip(frames: readonly RgbImage[]): Promise<Record<string, number[]>> {
    return { rgb: await this.scores(frames) };
  }

  /** Softmax scores of a clip; a per-frame network averages its frames' scores. */
  async scores(frames: readonly RgbImage[]): Promise<number[]> {
    const { layout, width, height, framesPerClip, inputName, output } = this.input;
    if (frames.length !== framesPerClip) {
      throw new LossyvisionError('INVALID_ARGUMENT', `Expected ${framesPerClip} frames per clip but received ${frames.length}`, { file: this.runtime.file });
    }
    const soft = this.config.softmax ?? true;
    const run = async (data: Float32Array, dims: number[]): Promise<number[]> => {
      const out = await this.runtime.run({ [inputName]: { dims, data } }, [output]);
      return readScores(out[output], output, this.runtime.file, soft);
    };
    if (layout === 'nchw') {
      const all: number[][] = [];
      for (const frame of frames) all.push(await run(this.tensor([frame], 'ncthw'), [1, 3, height, width]));
      return all[0].map((_, i) => all.reduce((s, v) => s + v[i], 0) / all.length);
    }
    const dims = layout === 'ncthw' ? [1, 3, frames.length, height, width] : [1, frames.length, height, width, 3];
    return run(this.tensor(frames, layout), dims);
  }

  /** Frames → normalised floats in `[3, T, H, W]` or `[T, H, W, 3]` order. */
  private tensor(frames: readonly RgbImage[], layout: 'ncthw' | 'nthwc'): Float32Array {
    const { width, height } = this.input;
    const scale = this.config.scale ?? DEFAULT_NORM.scale;
    const mean = this.config.mean ?? DEFAULT_NORM.mean;
    const std = this.config.std ?? DEFAULT_NORM.std;
    const bgr = this.config.channelOrder === 'bgr';
    const plane = width * height;
    const T = frames.length;
    const data = new Float32Array(3 * T * plane);
    frames.forEach((frame, t) => {
      const pixels = resizeFrame(frame, width, height, this.input.resizeSize, this.input.resample);
      for (let c = 0; c < 3; c++) {
        const src = bgr ? 2 - c : c;
        const mul = scale / std[src];
        const add = -mean[src] / std[src];
        for (let i = 0; i < plane; i++) {
          const v = pixels[i * 3 + src] * mul + add;
          if (layout === 'ncthw') data[(c * T + t) * plane + i] = v;
          else data[(t * plane + i) * 3 + c] = v;
        }
      }
    });
    return data;
  }

  async dispose(): Promise<void> {
    await this.runtime.dispose();
  }
}
