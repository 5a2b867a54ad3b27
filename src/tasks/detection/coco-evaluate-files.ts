import { detectionGroundTruth, loadCocoGroundTruth } from '../../datasets/coco/annotations.js';
import { loadCocoDetections } from '../../datasets/coco/results.js';
import type { MetricValues } from '../../metrics/metric.js';
import { CocoBboxMetric } from './coco-bbox.js';

export interface CocoFilesReport {
  metrics: MetricValues;
  /** Ground-truth images evaluated (all of them, as pycocotools does). */
  images: number;
  /** Results read from the predictions file. */
  predictions: number;
  /** What the ground truth does that lowers scores without being an error (annotation id 0). */
  warnings: readonly string[];
}

/** Scores a COCO results file against COCO ground truth: pycocotools' bbox evaluation. */
export async function evaluateCocoDetectionFiles(groundTruthFile: string, resultsFile: string): Promise<CocoFilesReport> {
  const gt = await loadCocoGroundTruth(groundTruthFile);
  const results = await loadCocoDetections(resultsFile, gt);
  const metric = new CocoBboxMetric();
  let predictions = 0;
  for (const image of gt.images) {
    const prediction = results.get(image.id)!;
    predictions += prediction.detections.length;
    metric.update(prediction, detectionGroundTruth(gt, image.id));
  }
  return { metrics: metric.compute(), images: gt.images.length, predictions, warnings: gt.warnings };
}
