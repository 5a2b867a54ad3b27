import { z } from 'zod';
import { RESAMPLES } from '../calculators/resize-image.js';
import { imageInputFields, parseModelConfig } from './image-input-config.js';

/**
 * Model config for user image classifiers (`--model-config`, task classification), every field
 * optional. The output is logits (or probabilities) `[1, C]`.
 */
export const classifierConfigSchema = z.strictObject({
  ...imageInputFields,
  preset: z.enum(['torchvision', 'timm']).optional().describe('A framework\'s eval transform (presets.ts): "torchvision" (Resize 256 antialiased + CenterCrop 224 + ImageNet statistics) or "timm" (crop_pct, bicubic); any field given here overrides it.'),
  resizeShorter: z.number().int().min(0).optional()
    .describe('Shorter side before the centre crop. Default floor(crop / cropPct) with cropPct, else round(crop / 0.875) (256 for 224); 0 stretches to the input, no crop.'),
  cropPct: z.number().gt(0).max(1).optional().describe('timm\'s crop_pct: the centre crop\'s share of the resized shorter side.'),
  resample: z.enum(RESAMPLES).optional().describe('How the image is resized (resize-image.ts). Default "bilinear".'),
  classes: z.array(z.string()).min(1).optional().describe('Class names in output order. Without them classes are compared by index with the dataset\'s classes.'),
  classesFile: z.string().optional().describe('A text file of class names, one per line, relative to the config file.'),
  softmax: z.boolean().optional().describe('false when the output is already probabilities. Default true.'),
  topK: z.number().int().min(1).optional().describe('Classes kept per prediction (top-k accuracy reads them). Default 5.'),
});

export type ClassifierConfig = z.infer<typeof classifierConfigSchema>;

export function parseClassifierConfig(value: unknown, file?: string): ClassifierConfig {
  return parseModelConfig(classifierConfigSchema, value, file);
}
