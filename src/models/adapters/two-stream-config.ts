import { z } from 'zod';
import { parseModelConfig } from './image-input-config.js';
import { videoClassifierFields } from './video-classifier-config.js';

const size = z.number().int().positive();

/**
 * A two-stream model (Simonyan & Zisserman 2014; TSN): a spatial network on RGB frames and a
 * temporal network on motion computed from the (compressed, decoded) frames, fused late.
 */
export const twoStreamConfigSchema = z.strictObject({
  spatial: z.strictObject(videoClassifierFields).describe('The spatial stream on RGB frames: a video-classifier config (layout "nchw" for a per-frame network).'),
  temporal: z.strictObject({
    model: z.string().describe('The temporal network\'s .onnx file, relative to the config file.'),
    motion: z.enum(['flow', 'rgbdiff']).optional().describe('Farnebäck optical flow (x/y channels) or the cheaper RGB difference (TSN). Default flow.'),
    length: z.number().int().positive().optional().describe('Motion frames L stacked per input (10 in the two-stream paper); needs L + 1 video frames. Default from the graph\'s input, else 10.'),
    layout: z.enum(['stacked', 'ncthw']).optional().describe('stacked [1, C·L, H, W] (u₁ v₁ u₂ v₂ …) or ncthw [1, C, L, H, W]. Default from the graph\'s rank.'),
    inputSize: z.union([size, z.tuple([size, size])]).optional().describe('Network input, a side or [width, height]. Default from the graph\'s input, else 224.'),
    boundPx: z.number().positive().optional().describe('Flow clipped to ±boundPx and mapped to 0–255. Default 20 (flow), 255 (RGB difference).'),
    scale: z.number().positive().optional().describe('After the 0–255 mapping: (v · scale − mean) / std. Default 1/255.'),
    mean: z.number().optional().describe('Mean after scale. Default 0.5.'),
    std: z.number().positive().optional().describe('Standard deviation after scale. Default 0.5.'),
    farneback: z
      .strictObject({
        levels: z.number().int().optional().describe('Pyramid levels.'),
        pyrScale: z.number().optional().describe('Pyramid scale between levels.'),
        winSize: z.number().int().optional().describe('Averaging window size.'),
        iterations: z.number().int().optional().describe('Iterations per level.'),
        polyN: z.number().int().optional().describe('Pixel neighbourhood of the polynomial expansion.'),
        polySigma: z.number().optional().describe('Gaussian sigma of the polynomial expansion.'),
      })
      .optional()
      .describe('Farnebäck settings (OpenCV\'s names; defaults in src/video/flow/farneback.ts).'),
    inputName: z.string().optional().describe('The input the motion stack is fed to. Default the first.'),
    output: z.string().optional().describe('The output to read. Default the first.'),
    softmax: z.boolean().optional().describe('false when the output is already probabilities. Default true.'),
  }).describe('The temporal stream on motion computed from the (compressed, decoded) frames.'),
  fusionWeights: z.tuple([z.number().nonnegative(), z.number().nonnegative()]).optional()
    .describe('Late fusion weights [spatial, temporal] of the softmax scores. Default [1, 1] (plain averaging).'),
  classes: z.array(z.string()).min(1).optional().describe('Class names in output order. Default the dataset\'s classInd.txt order.'),
});

export type TwoStreamConfig = z.infer<typeof twoStreamConfigSchema>;

export function parseTwoStreamConfig(value: unknown, file?: string): TwoStreamConfig {
  return parseModelConfig(twoStreamConfigSchema, value, file);
}
