import { z } from 'zod';
import { DEPTH_ALIGNMENTS, DEPTH_OUTPUTS, type DepthAlignment, type DepthOutput } from '../../tasks/depth/prediction.js';
import { imageInputFields, parseModelConfig } from './image-input-config.js';

/**
 * Model config for user depth models (`--model-config`, task depth), every field optional.
 * The output is `[1, 1, H, W]` or `[1, H, W]`.
 */
export const depthConfigSchema = z.strictObject({
  ...imageInputFields,
  depthOutput: z.enum(DEPTH_OUTPUTS as [DepthOutput, ...DepthOutput[]]).optional()
    .describe('What the output means: metres (metric, the default) or MiDaS/Depth-Anything relative inverse depth.'),
  alignment: z.enum(DEPTH_ALIGNMENTS as [DepthAlignment, ...DepthAlignment[]]).optional()
    .describe('Per-image alignment to the ground truth. Default least-squares for inverse-relative output, none for metric.'),
});

export type DepthConfig = z.infer<typeof depthConfigSchema>;

export function parseDepthConfig(value: unknown, file?: string): DepthConfig {
  return parseModelConfig(depthConfigSchema, value, file);
}
