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

/** Buffers keypointOks reuses between calls (it is synchronous): keypoint copies and per-pair terms. */
let scratch = { dk: new Float64Array(0), gk: new Float64Array(0), e: new Float64Array(0), labelled: new Int32Array(0) };

/**
 * Object keypoint similarity as pycocotools' `computeOks`: over the labelled keypoints (v > 0);
 * for a person with none labelled, the distance of each predicted keypoint outside the doubled
 * ground-truth box. Returns [detection][ground truth], row-major.
 */
export function keypointOks(detections: readonly Keypoints[], groundTruth: readonly OksGroundTruth[], sigmas: readonly number[]): Float64Array {
  const K = sigmas.length;
  // A plain loop: Float64Array.from with a mapping function walks the iterator protocol, per image.
  const vars = new Float64Array(K);
  for (let k = 0; k < K; k++) vars[k] = sigmas[k] * 2 * (sigmas[k] * 2);
  const D = detections.length;
  const G = groundTruth.length;
  const out = new Float64Array(D * G);
  // Every keypoint list copied into Float64Arrays first: JSON.parse gives integer-only lists
  // another element kind than the rest, and loops that met both would be deoptimised and
  // recompiled each time a new kind turns up; over these copies they are compiled once.
  // The copies and per-pair terms live in buffers kept between calls (this function is
  // synchronous): a fresh 8 KB array per image would be most of what evaluation allocates.
  if (scratch.dk.length < D * 3 * K) scratch.dk = new Float64Array(2 * D * 3 * K);
  if (scratch.gk.length < 3 * K) scratch = { dk: scratch.dk, gk: new Float64Array(3 * K), e: new Float64Array(K), labelled: new Int32Array(K) };
  const { gk, e, labelled } = scratch;
  const dk = scratch.dk.subarray(0, D * 3 * K);
  for (let i = 0; i < D; i++) copyKeypoints(detections[i], dk, i * 3 * K, 3 * K);
  for (let j = 0; j < G; j++) {
    const { keypoints: g, bbox: bb, area } = groundTruth[j];
    copyKeypoints(g, gk, 0, 3 * K);
    // Each ground-truth person's labelled keypoints and area term once, for all detections;
    // every e value is still pycocotools' expression in its order.
    let L = 0;
    for (let k = 0; k < K; k++) if (gk[3 * k + 2] > 0) labelled[L++] = k;
    const scale = area + Number.EPSILON;
    if (L > 0) labelledOks(dk, gk, labelled, L, vars, scale, e, out, j, G);
    else outsideBoxOks(dk, bb[0] - bb[2], bb[0] + bb[2] * 2, bb[1] - bb[3], bb[1] + bb[3] * 2, vars, scale, e, out, j, G);
  }
  return out;
}

function copyKeypoints(from: Keypoints, to: Float64Array, at: number, n: number): void {
  for (let i = 0; i < n; i++) to[at + i] = from[i];
}

/** Column j of the OKS matrix over the labelled keypoints of ground truth `gk`, for every detection in `dk`. */
function labelledOks(dk: Float64Array, gk: Float64Array, labelled: Int32Array, L: number, vars: Float64Array, scale: number, e: Float64Array, out: Float64Array, j: number, G: number): void {
  const stride = 3 * vars.length;
  for (let i = 0, d = 0; d < dk.length; i++, d += stride) {
    for (let t = 0; t < L; t++) {
      const k = labelled[t];
      const dx = dk[d + 3 * k] - gk[3 * k];
      const dy = dk[d + 3 * k + 1] - gk[3 * k + 1];
      e[t] = Math.exp(-((dx * dx + dy * dy) / vars[k] / scale / 2));
    }
    out[i * G + j] = numpySum(e, L) / L;
  }
}

/** Column j for a ground-truth person with no labelled keypoint: each keypoint's distance outside the doubled box [x0, x1] × [y0, y1]. */
function outsideBoxOks(dk: Float64Array, x0: number, x1: number, y0: number, y1: number, vars: Float64Array, scale: number, e: Float64Array, out: Float64Array, j: number, G: number): void {
  const K = vars.length;
  for (let i = 0, d = 0; d < dk.length; i++, d += 3 * K) {
    for (let k = 0; k < K; k++) {
      const xd = dk[d + 3 * k];
      const yd = dk[d + 3 * k + 1];
      const dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
      const dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
      e[k] = Math.exp(-((dx * dx + dy * dy) / vars[k] / scale / 2));
    }
    out[i * G + j] = numpySum(e, K) / K;
  }
}
