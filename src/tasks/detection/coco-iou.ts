import type { Box } from './types.js';

/**
 * Box IoU as pycocotools' `bbIou` (maskApi.c) computes it, operation for operation. Against a
 * crowd region the union is the detection's own area: a detection inside a crowd is a full match.
 * Returns [detection][ground truth], row-major.
 */
export function boxIou(detections: readonly Box[], groundTruth: readonly Box[], iscrowd: readonly boolean[]): Float64Array {
  const D = detections.length;
  const G = groundTruth.length;
  const out = new Float64Array(D * G);
  for (let g = 0; g < G; g++) {
    const [gx, gy, gw, gh] = groundTruth[g];
    const ga = gw * gh;
    const crowd = iscrowd[g];
    for (let d = 0; d < D; d++) {
      const [dx, dy, dw, dh] = detections[d];
      const da = dw * dh;
      const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
      if (w <= 0) continue;
      const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
      if (h <= 0) continue;
      const i = w * h;
      out[d * G + g] = i / (crowd ? da : da + ga - i);
    }
  }
  return out;
}
