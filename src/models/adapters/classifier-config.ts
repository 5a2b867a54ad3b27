import { z } from 'zod';
import { imageInputFields, parseModelConfig } from './image-input-config.js';

/**
 * Model config for user image classifiers (`--model-config`, task classification), every field
 * optional. The output is logits (or probabilities) `[1, C]`.
 */
export const classifierConfigSchema = z.strictObject({
  ...imageInputFields,
  resizeShorter: z.number().int().min(0).optional()
    .describe('Shorter side before the centre crop. Default inputSize / 0.875 (256 for 224); 0 stretches to the input, no crop.'),
  classes: z.array(z.string()).min(1).optional().describe('Class names in output order. Without them classes are compared by index with the dataset\'s classes.'),
  classesFile: z.string().optional().describe('A text file of class names, one per line, relative to the config file.'),
  softmax: z.boolean().optional().describe('false when the output is already probabilities. Default true.'),
  topK: z.number().int().min(1).optional().describe('Classes kept per prediction (top-k accuracy reads them). Default 5.'),
});

export type ClassifierConfig = z.infer<typeof classifierConfigSchema>;

export function parseClassifierConfig(value: unknown, file?: string): ClassifierConfig {
  return parseModelConfig(classifierConfigSchema, value, file);
}
