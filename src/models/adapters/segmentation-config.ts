import { z } from 'zod';
import { RESAMPLES } from '../calculators/resize-image.js';
import { imageInputFields, parseModelConfig } from './image-input-config.js';

/**
 * Model config for user segmentation models (`--model-config`, task segmentation), every field
 * optional. The output is logits `[1, C, H, W]` (or `[1, H, W, C]` with outputLayout "nhwc"),
 * one channel of person/foreground scores `[1, 1, H, W]`, or labels already argmaxed `[1, H, W]`.
 */
export const segmentationConfigSchema = z.strictObject({
  ...imageInputFields,
  /** A framework's eval transform (presets.ts): "torchvision"; any field given here overrides it. */
  preset: z.enum(['torchvision']).optional(),
  /**
   * "stretch" (default) to inputSize; "shorter" / "longer": that side becomes resizeSize, the
   * aspect kept, each image fed at its own size (the graph needs dynamic height and width);
   * "pad": fitted into inputSize, aspect kept, centred on padValue.
   */
  resize: z.enum(['stretch', 'shorter', 'longer', 'pad']).optional(),
  /** The side for resize "shorter" / "longer"; default the shorter / longer side of inputSize. */
  resizeSize: z.number().int().positive().optional(),
  /** How the image is resized (resize-image.ts); default "bilinear". */
  resample: z.enum(RESAMPLES).optional(),
  /** Padding for resize "pad", 0–255 per channel before normalisation; default 0. */
  padValue: z.number().min(0).max(255).optional(),
  /**
   * Back to the image: "nearest" (default) resizes the argmaxed labels; "bilinear" resizes the
   * scores before the argmax (torchvision's references).
   */
  logitsResize: z.enum(['nearest', 'bilinear']).optional(),
  outputLayout: z.enum(['nchw', 'nhwc']).optional(),
  /** When set, the output must have exactly this many class channels. */
  numClasses: z.number().int().min(1).max(65536).optional(),
  /** Single-channel output: label 1 where the score exceeds it (0.5 for probabilities, 0 for logits). */
  threshold: z.number().optional(),
});

export type SegmentationConfig = z.infer<typeof segmentationConfigSchema>;

export function parseSegmentationConfig(value: unknown, file?: string): SegmentationConfig {
  return parseModelConfig(segmentationConfigSchema, value, file);
}
