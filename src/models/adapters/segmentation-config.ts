import { z } from 'zod';
import { imageInputFields, parseModelConfig } from './image-input-config.js';

/**
 * Model config for user segmentation models (`--model-config`, task segmentation), every field
 * optional. The output is logits `[1, C, H, W]` (or `[1, H, W, C]` with outputLayout "nhwc"),
 * one channel of person/foreground scores `[1, 1, H, W]`, or labels already argmaxed `[1, H, W]`.
 */
export const segmentationConfigSchema = z.strictObject({
  ...imageInputFields,
  outputLayout: z.enum(['nchw', 'nhwc']).optional().describe('Logits layout: [1, C, H, W] (nchw) or [1, H, W, C] (nhwc). Default nchw.'),
  numClasses: z.number().int().min(1).max(65536).optional().describe('When set, the output must have exactly this many class channels.'),
  threshold: z.number().optional().describe('Single-channel output: label 1 where the score exceeds it. Default 0.5.'),
});

export type SegmentationConfig = z.infer<typeof segmentationConfigSchema>;

export function parseSegmentationConfig(value: unknown, file?: string): SegmentationConfig {
  return parseModelConfig(segmentationConfigSchema, value, file);
}
