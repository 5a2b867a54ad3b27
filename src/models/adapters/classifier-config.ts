import { z } from 'zod';
import { RESAMPLES } from '../calculators/resize-image.js';
import { imageInputFields, parseModelConfig } from './image-input-config.js';

/**
 * Model config for user image classifiers (`--model-config`, task classification), every field
 * optional. The output is logits (or probabilities) `[1, C]`.
 */
export const classifierConfigSchema = z.strictObject({
  ...imageInputFields,
  /** A framework's eval transform (presets.ts): "torchvision" or "timm"; any field given here overrides it. */
  preset: z.enum(['torchvision', 'timm']).optional(),
  /** Shorter side before the centre crop; default floor(crop / cropPct) with cropPct, else round(crop / 0.875) (256 for 224). 0: stretch to the input, no crop. */
  resizeShorter: z.number().int().min(0).optional(),
  /** timm's crop_pct: the centre crop's share of the resized shorter side. */
  cropPct: z.number().gt(0).max(1).optional(),
  /** How the image is resized (resize-image.ts); default "bilinear". */
  resample: z.enum(RESAMPLES).optional(),
  /** Class names in output order; without them classes are compared by index with the dataset's classes. */
  classes: z.array(z.string()).min(1).optional(),
  /** A text file of class names, one per line (relative to the config file). */
  classesFile: z.string().optional(),
  /** false when the output is already probabilities. */
  softmax: z.boolean().optional(),
  topK: z.number().int().min(1).optional(),
});

export type ClassifierConfig = z.infer<typeof classifierConfigSchema>;

export function parseClassifierConfig(value: unknown, file?: string): ClassifierConfig {
  return parseModelConfig(classifierConfigSchema, value, file);
}
