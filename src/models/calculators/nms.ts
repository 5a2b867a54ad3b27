import { iou, type Corners } from './iou.js';

export interface NmsCandidate {
  box: Corners;
  score: number;
  /** Class index; boxes of different classes never suppress each other unless classAgnostic. */
  label: number;
}

export interface NmsOptions {
  iouThreshold: number;
  maxDetections: number;
  classAgnostic?: boolean;
  /**
   * Suppress at IoU ≥ threshold (TensorFlow's tf.image.nonMaxSuppression) rather than the
   * strict IoU > threshold of torchvision.ops.nms that Ultralytics uses.
   */
  suppressAtEqual?: boolean;
}

/**
 * Greedy non-maximum suppression. Returns kept indices, best score first; equal scores keep
 * input order (both TensorFlow and torchvision's CPU kernel do this).
 */
export function nms(candidates: readonly NmsCandidate[], options: NmsOptions): number[] {
  const order = candidates.map((_, i) => i).sort((a, b) => candidates[b].score - candidates[a].score || a - b);
  const kept: number[] = [];
  const { iouThreshold, maxDetections } = options;
  for (const i of order) {
    if (kept.length >= maxDetections) break;
    const c = candidates[i];
    let suppressed = false;
    for (const k of kept) {
      const other = candidates[k];
      if (!options.classAgnostic && other.label !== c.label) continue;
      const overlap = iou(c.box, other.box);
      if (options.suppressAtEqual ? overlap >= iouThreshold : overlap > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(i);
  }
  return kept;
}
