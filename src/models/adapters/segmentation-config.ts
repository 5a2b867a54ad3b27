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
  preset: z.enum(['torchvision']).optional().describe('A framework\'s eval transform (presets.ts): "torchvision" (shorter side 520, aspect kept, ImageNet statistics, logits resized back bilinearly); any field given here overrides it.'),
  resize: z.enum(['stretch', 'shorter', 'longer', 'pad']).optional()
    .describe('"stretch" to inputSize (default); "shorter" / "longer": that side becomes resizeSize, the aspect kept, each image fed at its own size (the graph needs dynamic height and width); "pad": fitted into inputSize, aspect kept, centred on padValue.'),
  resizeSize: z.number().int().positive().optional().describe('The side for resize "shorter" / "longer". Default the shorter / longer side of inputSize.'),
  resample: z.enum(RESAMPLES).optional().describe('How the image is resized (resize-image.ts). Default "bilinear".'),
  padValue: z.number().min(0).max(255).optional().describe('Padding for resize "pad", 0–255 per channel before normalisation. Default 0.'),
  logitsResize: z.enum(['nearest', 'bilinear']).optional()
    .describe('Back to the image: "nearest" (default) resizes the argmaxed labels; "bilinear" resizes the scores before the argmax (torchvision\'s references).'),
  outputLayout: z.enum(['nchw', 'nhwc']).optional().describe('Logits layout: [1, C, H, W] (nchw) or [1, H, W, C] (nhwc). Default nchw.'),
  numClasses: z.number().int().min(1).max(65536).optional().describe('When set, the output must have exactly this many class channels.'),
  threshold: z.number().optional().describe('Single-channel output: label 1 where the score exceeds it. Default 0.5.'),
});

export type SegmentationConfig = z.infer<typeof segmentationConfigSchema>;

export function parseSegmentationConfig(value: unknown, file?: string): SegmentationConfig {
  return parseModelConfig(segmentationConfigSchema, value, file);
}
