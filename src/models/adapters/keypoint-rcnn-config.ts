import { z } from 'zod';
import { parseModelConfig } from './image-input-config.js';

const triple = z.tuple([z.number(), z.number(), z.number()]);
const positiveTriple = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);
const size = z.number().int().positive();

/**
 * torchvision's Keypoint R-CNN as a pose model (`--task pose`, `"format": "torchvision"`, chosen
 * by itself when the graph's outputs identify as boxes, labels, scores, keypoints and
 * keypoints_scores).
 */
export const keypointRcnnConfigSchema = z.strictObject({
  format: z.literal('torchvision').describe('torchvision Keypoint R-CNN (keypointrcnn_resnet50_fpn): input [3, H, W] in 0–1; outputs boxes, labels, scores, keypoints [N, K, 3], keypoints_scores [N, K].'),
  inputSize: z.union([size, z.tuple([size, size])]).optional()
    .describe('Network input, a side or [width, height], for an export with a fixed input. Default: the image\'s own size (the graph resizes internally).'),
  scale: z.number().positive().optional().describe('Pixel values (0–255) × scale, then (v − mean) / std per RGB channel. Default 1/255 (the graph normalises itself).'),
  mean: triple.optional().describe('Per-channel mean, RGB, after scale. Default [0, 0, 0].'),
  std: positiveTriple.optional().describe('Per-channel standard deviation, RGB, after scale. Default [1, 1, 1].'),
  channelOrder: z.enum(['rgb', 'bgr']).optional().describe('Channel order the network expects. Default rgb.'),
  inputName: z.string().optional().describe('The input the image is fed to. Default the first.'),
  scoreThreshold: z.number().min(0).max(1).optional().describe('People whose box scores at or below this are dropped. Default 0 (the graph keeps boxes above 0.05).'),
  maxDetections: z.number().int().positive().optional().describe('Most people kept per image, best first. Default 100.'),
  outputs: z.strictObject({
    boxes: z.string().describe('Output holding person boxes [N, 4].'),
    labels: z.string().describe('Output holding labels [N] (int64; 1 is a person).'),
    scores: z.string().describe('Output holding box scores [N].'),
    keypoints: z.string().describe('Output holding keypoints [N, K, 3] (x, y, visibility).'),
    keypoints_scores: z.string().describe('Output holding keypoint scores [N, K] (heatmap logits).'),
  }).optional().describe('Which output is which. Default: found by element type and shape, names breaking ties.'),
});

export type KeypointRcnnConfig = z.infer<typeof keypointRcnnConfigSchema>;

export function parseKeypointRcnnConfig(value: unknown, file?: string): KeypointRcnnConfig {
  return parseModelConfig(keypointRcnnConfigSchema, value, file, 'format "torchvision" (Keypoint R-CNN)');
}
