import { z } from 'zod';
import { RESAMPLES } from '../calculators/resize-image.js';
import { parseModelConfig } from './image-input-config.js';

const triple = z.tuple([z.number(), z.number(), z.number()]);
const positiveTriple = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);
const size = z.number().int().positive();

/**
 * Model config for ONNX video classifiers (`run --task action`), every field optional but
 * `model` when the config names the graph. Layouts:
 * - `ncthw`: `[1, 3, T, H, W]` (I3D, X3D, R(2+1)D, SlowOnly exported from PyTorch);
 * - `nthwc`: `[1, T, H, W, 3]` (TF/Keras MoViNet-style);
 * - `nchw`: `[1, 3, H, W]`, one frame (a TSN / two-stream spatial network): T frames of a clip are
 *   scored one by one and their softmax scores averaged.
 * The output is logits (or probabilities with `softmax: false`) `[1, C]`.
 */
export const videoClassifierFields = {
  /** The .onnx file, relative to the config file (or given as the model spec). */
  model: z.string().optional(),
  layout: z.enum(['ncthw', 'nthwc', 'nchw']).optional(),
  /** Frames per clip T; default from the graph's input, else 16 (1 for nchw). */
  framesPerClip: z.number().int().positive().optional(),
  /** A framework's eval transform (presets.ts): "torchvision"; any field given here overrides it. */
  preset: z.enum(['torchvision']).optional(),
  /** Network input, a side or [width, height]; default from the graph's input, else 112. Frames are stretched to it, or centre-cropped to it after resizeSize. */
  inputSize: z.union([size, z.tuple([size, size])]).optional(),
  /** Frames resized to [width, height] (or their shorter side to a number) before a centre crop to inputSize; default none: stretched to inputSize. */
  resizeSize: z.union([size, z.tuple([size, size])]).optional(),
  /** How frames are resized (resize-image.ts); default "bilinear". */
  resample: z.enum(RESAMPLES).optional(),
  /** Pixels (0–255) × scale, then (v − mean) / std per RGB channel; default ImageNet statistics on 0–1 (the torchvision preset: Kinetics'). */
  scale: z.number().positive().optional(),
  mean: triple.optional(),
  std: positiveTriple.optional(),
  channelOrder: z.enum(['rgb', 'bgr']).optional(),
  inputName: z.string().optional(),
  output: z.string().optional(),
  /** false when the output is already probabilities. */
  softmax: z.boolean().optional(),
};

export const videoClassifierConfigSchema = z.strictObject({
  ...videoClassifierFields,
  /** Class names in output order; default the dataset's classInd.txt order. */
  classes: z.array(z.string()).min(1).optional(),
});

export type VideoClassifierConfig = z.infer<typeof videoClassifierConfigSchema>;

export function parseVideoClassifierConfig(value: unknown, file?: string): VideoClassifierConfig {
  return parseModelConfig(videoClassifierConfigSchema, value, file);
}
