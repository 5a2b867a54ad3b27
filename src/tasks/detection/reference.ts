import type { Detection, DetectionGroundTruth, DetectionPrediction } from './types.js';

/** Said by every output of a reference-mode sweep, so nobody mistakes it for accuracy against labels. */
export const REFERENCE_NOTE = 'reference: pristine predictions';

/**
 * Reference mode for unlabelled data: the model's own detections on the pristine image,
 * those scoring at least `threshold`, become the ground truth that every compressed
 * version of that image is scored against. Areas are box areas (there are no segments).
 */
export function referenceGroundTruth(
  pristine: DetectionPrediction,
  sample: { imageId: number; width: number; height: number },
  threshold: number,
): DetectionGroundTruth {
  const kept = pristine.detections.filter((d: Detection) => d.score >= threshold);
  return {
    imageId: sample.imageId,
    width: sample.width,
    height: sample.height,
    objects: kept.map((d, i) => ({
      id: i + 1,
      categoryId: d.categoryId,
      bbox: [...d.bbox],
      area: d.bbox[2] * d.bbox[3],
      iscrowd: false,
    })),
  };
}
