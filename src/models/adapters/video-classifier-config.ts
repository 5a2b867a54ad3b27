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
  model: z.string().optional().describe('The .onnx file, relative to the config file (or given as the model spec).'),
  layout: z.enum(['ncthw', 'nthwc', 'nchw']).optional()
    .describe('ncthw [1, 3, T, H, W] (I3D, X3D, R(2+1)D), nthwc [1, T, H, W, 3] (MoViNet-style), or nchw [1, 3, H, W]: a per-frame network whose softmax scores are averaged over the clip. Default from the input\'s rank.'),
  framesPerClip: z.number().int().positive().optional().describe('Frames per clip T. Default from the graph\'s input, else 16 (1 for nchw).'),
  preset: z.enum(['torchvision']).optional().describe('A framework\'s eval transform (presets.ts): "torchvision" (Resize 128×171, CenterCrop 112, Kinetics statistics); any field given here overrides it.'),
  inputSize: z.union([size, z.tuple([size, size])]).optional().describe('Network input, a side or [width, height]. Default from the graph\'s input, else 112. Frames are stretched to it, or centre-cropped to it after resizeSize.'),
  resizeSize: z.union([size, z.tuple([size, size])]).optional()
    .describe('Frames resized to [width, height] (or their shorter side to a number) before a centre crop to inputSize. Default none: stretched to inputSize.'),
  resample: z.enum(RESAMPLES).optional().describe('How frames are resized (resize-image.ts). Default "bilinear".'),
  scale: z.number().positive().optional().describe('Pixel values (0–255) × scale, then (v − mean) / std per RGB channel. Default 1/255.'),
  mean: triple.optional().describe('Per-channel mean, RGB, after scale. Default ImageNet\'s [0.485, 0.456, 0.406] (the torchvision preset: Kinetics\').'),
  std: positiveTriple.optional().describe('Per-channel standard deviation, RGB, after scale. Default ImageNet\'s [0.229, 0.224, 0.225].'),
  channelOrder: z.enum(['rgb', 'bgr']).optional().describe('Channel order the network expects. Default rgb.'),
  inputName: z.string().optional().describe('The input the clip is fed to. Default the first.'),
  output: z.string().optional().describe('The output to read. Default the first.'),
  softmax: z.boolean().optional().describe('false when the output is already probabilities. Default true.'),
};

export const videoClassifierConfigSchema = z.strictObject({
  ...videoClassifierFields,
  classes: z.array(z.string()).min(1).optional().describe('Class names in output order. Default the dataset\'s classInd.txt order.'),
});

export type VideoClassifierConfig = z.infer<typeof videoClassifierConfigSchema>;

export function parseVideoClassifierConfig(value: unknown, file?: string): VideoClassifierConfig {
  return parseModelConfig(videoClassifierConfigSchema, value, file);
}
