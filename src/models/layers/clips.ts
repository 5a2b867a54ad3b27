import * as tf from '@tensorflow/tfjs-core';
import { LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import { motionStack } from '../../video/flow/stack.js';
import { imagesToTensor } from './tensors.js';

/**
 * A clip as retraining and the two-stream adapter carry it: its T frames stacked top to bottom in one
 * RgbImage (a filmstrip, width W, height T·H), so clips batch, subset and checkpoint like images;
 * `frames` says how to cut it.
 */
export interface ClipStrip extends RgbImage {
  readonly frames: number;
}

/** A sample that is a clip, or a clear error (an image where a clip was expected is a bug of the caller). */
export function asClip(image: RgbImage): ClipStrip {
  const frames = (image as Partial<ClipStrip>).frames;
  if (typeof frames !== 'number' || frames < 1) throw new LossyvisionError('INVALID_ARGUMENT', `Expected a video clip but received a ${image.width}×${image.height} image`);
  return image as ClipStrip;
}

export function stackFrames(frames: readonly RgbImage[]): ClipStrip {
  if (frames.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one frame in a clip');
  const { width, height } = frames[0];
  const data = new Uint8Array(width * height * 3 * frames.length);
  frames.forEach((f, t) => {
    if (f.width !== width || f.height !== height) throw new LossyvisionError('INVALID_ARGUMENT', `Expected every frame of a clip to be ${width}×${height} but frame ${t} is ${f.width}×${f.height}`);
    data.set(f.data, t * f.data.length);
  });
  return { width, height: height * frames.length, data, frames: frames.length };
}

/** The frames of a clip (views, no copy). */
export function clipFrames(strip: ClipStrip): RgbImage[] {
  const { frames } = strip;
  const height = strip.height / frames;
  if (!Number.isInteger(height) || height < 1) throw new LossyvisionError('INVALID_ARGUMENT', `Expected a clip of ${frames} frames but its filmstrip is ${strip.height} rows high`);
  const bytes = strip.width * height * 3;
  return Array.from({ length: frames }, (_, t) => ({ width: strip.width, height, data: strip.data.subarray(t * bytes, (t + 1) * bytes) }));
}

/** The frame the spatial stream sees: the middle of the clip (where TSN's one snippet would sit). */
export function spatialFrameIndex(frames: number): number {
  return Math.floor(frames / 2);
}

/**
 * A batch of clips as a two-stream network's inputs: the middle frames `[N, H, W, 3]` in [0, 1] and
 * the RGB differences of consecutive frames `[N, H, W, 3(T − 1)]` (u₁ v₁ w₁ u₂ … as `run`'s stacked
 * layout), computed from the frames given — the compressed ones when the clips were compressed —
 * with src/video/flow/stack.ts's mapping (difference / 255, in [−1, 1]).
 */
export function twoStreamInputs(strips: readonly RgbImage[], shape: { height: number; width: number; frames?: number }): tf.Tensor[] {
  const frames = shape.frames ?? 0;
  const clips = strips.map((s) => {
    const clip = asClip(s);
    if (clip.frames !== frames) throw new LossyvisionError('INVALID_ARGUMENT', `Expected clips of ${frames} frames (the model's) but received one of ${clip.frames}`);
    return clipFrames(clip);
  });
  return tf.tidy(() => {
    const spatial = imagesToTensor(clips.map((c) => c[spatialFrameIndex(frames)]), { height: shape.height, width: shape.width, channels: 3 });
    const channels = 3 * (frames - 1);
    const plane = shape.height * shape.width;
    const motion = new Float32Array(clips.length * plane * channels);
    clips.forEach((clip, n) => {
      const stack = motionStack(clip, { kind: 'rgbdiff', width: shape.width, height: shape.height });
      // [L, C, H, W] → [H, W, L·C]
      const at = n * plane * channels;
      for (let k = 0; k < channels; k++) {
        const src = stack.data.subarray(k * plane, (k + 1) * plane);
        for (let i = 0; i < plane; i++) motion[at + i * channels + k] = src[i];
      }
    });
    return [spatial, tf.tensor4d(motion, [clips.length, shape.height, shape.width, channels])];
  });
}
