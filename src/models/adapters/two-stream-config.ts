import { z } from 'zod';
import { parseModelConfig } from './image-input-config.js';
import { videoClassifierFields } from './video-classifier-config.js';

const size = z.number().int().positive();

/**
 * A two-stream model (Simonyan & Zisserman 2014; TSN): a spatial network on RGB frames and a
 * temporal network on motion computed from the (compressed, decoded) frames, fused late.
 */
export const twoStreamConfigSchema = z.strictObject({
  /** The spatial stream: a video-classifier config (`layout: "nchw"` for a per-frame network). */
  spatial: z.strictObject(videoClassifierFields),
  temporal: z.strictObject({
    model: z.string(),
    /** Farnebäck optical flow (x/y channels) or the cheaper RGB difference (TSN). */
    motion: z.enum(['flow', 'rgbdiff']).optional(),
    /** Motion frames L stacked per input (10 in the two-stream paper); needs L + 1 video frames. */
    length: z.number().int().positive().optional(),
    /** `stacked`: `[1, C·L, H, W]` (u₁ v₁ u₂ v₂ …); `ncthw`: `[1, C, L, H, W]`. Default from the graph's rank. */
    layout: z.enum(['stacked', 'ncthw']).optional(),
    inputSize: z.union([size, z.tuple([size, size])]).optional(),
    /** Flow clipped to ±boundPx and mapped to 0–255 (default 20); RGB difference default 255. */
    boundPx: z.number().positive().optional(),
    /** After the 0–255 mapping: (v · scale − mean) / std; defaults 1/255, 0.5, 0.5. */
    scale: z.number().positive().optional(),
    mean: z.number().optional(),
    std: z.number().positive().optional(),
    /** Farnebäck settings (see src/video/flow/farneback.ts). */
    farneback: z
      .strictObject({
        levels: z.number().int().optional(),
        pyrScale: z.number().optional(),
        winSize: z.number().int().optional(),
        iterations: z.number().int().optional(),
        polyN: z.number().int().optional(),
        polySigma: z.number().optional(),
      })
      .optional(),
    inputName: z.string().optional(),
    output: z.string().optional(),
    softmax: z.boolean().optional(),
  }),
  /** Late fusion weights [spatial, temporal] of the softmax scores; default [1, 1] (plain averaging). */
  fusionWeights: z.tuple([z.number().nonnegative(), z.number().nonnegative()]).optional(),
  classes: z.array(z.string()).min(1).optional(),
});

export type TwoStreamConfig = z.infer<typeof twoStreamConfigSchema>;

export function parseTwoStreamConfig(value: unknown, file?: string): TwoStreamConfig {
  return parseModelConfig(twoStreamConfigSchema, value, file);
}
