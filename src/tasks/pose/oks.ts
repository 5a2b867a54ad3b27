import { numpySum } from '../detection/coco-numeric.js';
import type { Box } from '../detection/types.js';
import type { Keypoints } from './types.js';

/** COCO's per-keypoint OKS sigmas (nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles). */
export const COCO_KEYPOINT_SIGMAS: readonly number[] = Object.freeze(
  // pycocotools writes them as np.array([...]) / 10.0; the division is kept so the doubles match.
  [0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89].map((s) => s / 10.0),
);

export interface OksGroundTruth {
  readonly keypoints: Keypoints;
  readonly bbox: Box;
  readonly area: number;
}

/**
 * Object keypoint similarity as pycocotools' `computeOks`: over the labelled keypoints (v > 0);
 * for a person with none labelled, the distance of each predicted keypoint outside the doubled
 * ground-truth box. Returns [detection][ground truth], row-major.
 */
export function keypointOks(detections: readonly Keypoints[], groundTruth: readonly OksGroundTruth[], sigmas: readonly number[]): Float64Array {
  const K = sigmas.length;
  const vars = Float64Array.from(sigmas, (s) => s * 2 * (s * 2));
  const D = detections.length;
  const G = groundTruth.length;
  const out = new Float64Array(D * G);
  const e = new Float64Array(K);
  const labelled = new Int32Array(K);
  for (let j = 0; j < G; j++) {
    const { keypoints: g, bbox: bb, area } = groundTruth[j];
    // Each ground-truth person's labelled keypoints and area term once, for all detections;
    // every e value is still pycocotools' expression in its order.
    let L = 0;
    for (let k = 0; k < K; k++) if (g[3 * k + 2] > 0) labelled[L++] = k;
    const scale = area + Number.EPSILON;
    if (L > 0) {
      for (let i = 0; i < D; i++) {
        const d = detections[i];
        for (let t = 0; t < L; t++) {
          const k = labelled[t];
          const dx = d[3 * k] - g[3 * k];
          const dy = d[3 * k + 1] - g[3 * k + 1];
          e[t] = Math.exp(-((dx * dx + dy * dy) / vars[k] / scale / 2));
        }
        out[i * G + j] = numpySum(e, L) / L;
      }
      continue;
    }
    const x0 = bb[0] - bb[2];
    const x1 = bb[0] + bb[2] * 2;
    const y0 = bb[1] - bb[3];
    const y1 = bb[1] + bb[3] * 2;
    for (let i = 0; i < D; i++) {
      const d = detections[i];
      for (let k = 0; k < K; k++) {
        const xd = d[3 * k];
        const yd = d[3 * k + 1];
        const dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
        const dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
        e[k] = Math.exp(-((dx * dx + dy * dy) / vars[k] / scale / 2));
      }
      out[i * G + j] = numpySum(e, K) / K;
    }
  }
  return out;
}
