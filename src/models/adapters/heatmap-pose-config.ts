import { z } from 'zod';
import { IMAGENET_NORMALISATION, type HeatmapPoseOptions } from './heatmap-pose.js';
import { parseModelConfig } from './image-input-config.js';

const triple = z.tuple([z.number(), z.number(), z.number()]);
const positiveTriple = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);
const positiveInt = z.number().int().positive();

/**
 * A top-down heatmap pose model's config (`--task pose`, `"format": "heatmap"`, the default for
 * graphs that do not look like Keypoint R-CNN). Unknown fields are refused, so a typo is not
 * silently ignored.
 */
export const heatmapPoseConfigSchema = z.strictObject({
  format: z.literal('heatmap').optional().describe('Top-down heatmap models (SimpleBaseline, HRNet): input [1, 3, H, W], one person crop; output [1, K, H/4, W/4].'),
  inputWidth: positiveInt.optional().describe('Network input width. Default: the graph\'s fixed input width.'),
  inputHeight: positiveInt.optional().describe('Network input height. Default: the graph\'s fixed input height.'),
  keypoints: positiveInt.optional().describe('Heatmaps (keypoints) K. Default 17 (COCO).'),
  padding: z.number().positive().optional().describe('The person box is grown by this factor before cropping. Default 1.25.'),
  scale: z.number().positive().optional().describe('Pixel values (0–255) × scale, then (v − mean) / std per RGB channel. Default 1/255.'),
  mean: triple.optional().describe('Per-channel mean, RGB, after scale. Default ImageNet\'s [0.485, 0.456, 0.406].'),
  std: positiveTriple.optional().describe('Per-channel standard deviation, RGB, after scale. Default ImageNet\'s [0.229, 0.224, 0.225].'),
  channelOrder: z.enum(['rgb', 'bgr']).optional().describe('Channel order the network expects. Default rgb.'),
});

/** The settings (config file merged with flags) as the adapter's options. */
export function parseHeatmapPoseConfig(settings: Record<string, unknown>, file = 'model settings'): HeatmapPoseOptions {
  const config = parseModelConfig(heatmapPoseConfigSchema, settings, file, 'format "heatmap"');
  const { scale, mean, std } = config;
  const normalisation = scale === undefined && mean === undefined && std === undefined
    ? undefined
    : { scale: scale ?? IMAGENET_NORMALISATION.scale, mean: mean ?? IMAGENET_NORMALISATION.mean, std: std ?? IMAGENET_NORMALISATION.std };
  return {
    inputWidth: config.inputWidth,
    inputHeight: config.inputHeight,
    keypoints: config.keypoints,
    padding: config.padding,
    normalisation,
    channelOrder: config.channelOrder,
  };
}
