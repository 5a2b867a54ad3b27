import { readScalarPng } from '../../media/png16.js';
import { pairPngFolders } from '../../media/png-pairs.js';
import { SegmentationMetric } from './metric.js';
import type { SegmentationOptions, SegmentationResult } from './types.js';

export interface SegmentationFolders extends Partial<Pick<SegmentationOptions, 'ignoreIndex'>> {
  /** Folder of ground-truth index PNGs (palette PNGs give their indices). */
  groundTruthDir: string;
  /** Folder of predicted index PNGs with the same relative paths. */
  predictionDir: string;
  numClasses: number;
}

/**
 * Scores a folder of predicted label maps against ground truth, one confusion matrix over all
 * pairs. Images are read one pair at a time, so folder size is bounded by disk, not memory.
 */
export async function evaluateSegmentationFolders(input: SegmentationFolders): Promise<SegmentationResult & { images: number }> {
  const metric = new SegmentationMetric({ numClasses: input.numClasses, ignoreIndex: input.ignoreIndex ?? 255 });
  const pairs = await pairPngFolders(input.groundTruthDir, input.predictionDir);
  for (const pair of pairs) {
    const [prediction, groundTruth] = await Promise.all([readScalarPng(pair.prediction), readScalarPng(pair.groundTruth)]);
    metric.update({ ...prediction, file: pair.prediction }, { ...groundTruth, file: pair.groundTruth });
  }
  return { ...metric.compute(), images: pairs.length };
}
