import { pairPngFolders } from '../../media/png-pairs.js';
import { DepthMetric } from './metric.js';
import { readDepthPng } from './read.js';
import type { DepthOptions, DepthResult } from './types.js';

export interface DepthFolders extends Partial<DepthOptions> {
  /** Folder of 16-bit ground-truth depth PNGs, 0 = no ground truth. */
  groundTruthDir: string;
  /** Folder of predicted depth PNGs with the same relative paths and the same scale. */
  predictionDir: string;
  /** Stored value per metre: 256 for KITTI, 1000 for NYU's millimetres. */
  depthScale?: number;
}

/** Scores a folder of predicted depth PNGs against ground truth, one pair in memory at a time. */
export async function evaluateDepthFolders(input: DepthFolders): Promise<DepthResult> {
  const { groundTruthDir, predictionDir, depthScale = 256, ...options } = input;
  const metric = new DepthMetric(options);
  for (const pair of await pairPngFolders(groundTruthDir, predictionDir)) {
    const [prediction, groundTruth] = await Promise.all([readDepthPng(pair.prediction, depthScale), readDepthPng(pair.groundTruth, depthScale)]);
    metric.update(prediction, groundTruth);
  }
  return metric.compute();
}
