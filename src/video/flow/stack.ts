import { invalidParameter, LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import { is } from '../../validate.js';
import { farnebackSequence, resizeBilinear, type FarnebackOptions } from './farneback.js';
import { rgbDifference } from './rgb-diff.js';

/** How a stack of motion frames becomes a network input. */
export type MotionKind = 'flow' | 'rgbdiff';

export interface MotionStackOptions {
  readonly kind: MotionKind;
  /** Network input size; frames are resized (bilinear) after the motion is computed at frame size. */
  readonly width: number;
  readonly height: number;
  /**
   * Flow: displacements are clipped to ±boundPx and mapped linearly to 0–255, as Simonyan &
   * Zisserman stored flow as JPEG (default 20). RGB difference: clipped to ±boundPx, mapped the same way
   * (default 255, i.e. no clipping).
   */
  readonly boundPx?: number;
  /** Applied after the 0–255 mapping, per motion channel: (v · scale − mean) / std. Defaults 1/255, 0.5, 0.5 (→ −1…1). */
  readonly scale?: number;
  readonly mean?: number;
  readonly std?: number;
  readonly farneback?: FarnebackOptions;
}

/**
 * L motion frames from L + 1 video frames, channels first: `[L, C, H, W]` flattened, C = 2
 * (flow u, v) or 3 (RGB difference). A network reading stacked channels (`[1, C·L, H, W]`, the
 * two-stream layout u₁ v₁ u₂ v₂ …) takes it as is; a 3-D network (`[1, C, L, H, W]`) takes
 * `toChannelsFirst`.
 */
export interface MotionStack {
  readonly length: number;
  readonly channels: number;
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export function defaultBoundPx(kind: MotionKind): number {
  return kind === 'flow' ? 20 : 255;
}

export function motionStack(frames: readonly RgbImage[], options: MotionStackOptions): MotionStack {
  if (frames.length < 2) throw new LossyvisionError('INVALID_ARGUMENT', `Expected at least 2 frames for a motion stack but received ${frames.length}`);
  const bound = options.boundPx ?? defaultBoundPx(options.kind);
  if (!(is.number(bound) && bound > 0)) throw invalidParameter('positive number', 'boundPx', bound);
  const scale = options.scale ?? 1 / 255;
  const mean = options.mean ?? 0.5;
  const std = options.std ?? 0.5;
  const channels = options.kind === 'flow' ? 2 : 3;
  const { width, height } = options;
  const length = frames.length - 1;
  const plane = width * height;
  const data = new Float32Array(length * channels * plane);
  const flows = options.kind === 'flow' ? farnebackSequence(frames, options.farneback) : undefined;
  for (let t = 0; t < length; t++) {
    const a = frames[t];
    const motion = flows ? flows[t].data : rgbDifference(a, frames[t + 1]);
    const sized = a.width === width && a.height === height ? motion : resizeMotion(motion, a.width, a.height, width, height, channels, options.kind === 'flow');
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < channels; c++) {
        const v = Math.max(-bound, Math.min(bound, sized[i * channels + c]));
        const byte = ((v + bound) * 255) / (2 * bound);
        data[(t * channels + c) * plane + i] = (byte * scale - mean) / std;
      }
    }
  }
  return { length, channels, width, height, data };
}

/** Resized motion: flow vectors are scaled with the image so they stay in input pixels. */
function resizeMotion(motion: Float32Array, sw: number, sh: number, dw: number, dh: number, channels: number, isFlow: boolean): Float32Array {
  const out = resizeBilinear(motion, sw, sh, dw, dh, channels);
  if (isFlow) {
    for (let i = 0; i < out.length; i += 2) {
      out[i] *= dw / sw;
      out[i + 1] *= dh / sh;
    }
  }
  return out;
}

/** `[L, C, H, W]` → `[C, L, H, W]` for networks with a time axis. */
export function toChannelsFirst(stack: MotionStack): Float32Array {
  const plane = stack.width * stack.height;
  const out = new Float32Array(stack.data.length);
  for (let t = 0; t < stack.length; t++) {
    for (let c = 0; c < stack.channels; c++) out.set(stack.data.subarray((t * stack.channels + c) * plane, (t * stack.channels + c + 1) * plane), (c * stack.length + t) * plane);
  }
  return out;
}
