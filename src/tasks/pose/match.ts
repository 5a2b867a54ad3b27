import { COCO_KEYPOINT_SIGMAS, keypointOks } from './oks.js';
import type { PoseGroundTruthPerson, PosePerson } from './types.js';

/**
 * Pairs predicted people with ground-truth people for per-keypoint scores such as PCK: people in
 * descending score order each take the still unmatched ground-truth person with the highest OKS
 * (COCO sigmas), as COCO's own matching does at its loosest threshold. Crowds and people with
 * no labelled keypoint take no part. Returns, per ground-truth person, the index of its
 * prediction or -1.
 */
export function matchPeopleByOks(
  predictions: readonly PosePerson[],
  groundTruth: readonly PoseGroundTruthPerson[],
  sigmas: readonly number[] = COCO_KEYPOINT_SIGMAS,
): number[] {
  const matched = groundTruth.map(() => -1);
  const eligible = groundTruth.map((g, j) => (!g.iscrowd && g.numKeypoints > 0 ? j : -1)).filter((j) => j >= 0);
  if (eligible.length === 0 || predictions.length === 0) return matched;
  const order = predictions.map((_, i) => i).sort((a, b) => predictions[b].score - predictions[a].score);
  const gts = eligible.map((j) => groundTruth[j]);
  const oks = keypointOks(order.map((i) => predictions[i].keypoints), gts, sigmas);
  const G = gts.length;
  for (let r = 0; r < order.length; r++) {
    let best = -1;
    let bestOks = -Infinity;
    for (let c = 0; c < G; c++) {
      if (matched[eligible[c]] !== -1) continue;
      const v = oks[r * G + c];
      if (v > bestOks) {
        bestOks = v;
        best = c;
      }
    }
    if (best === -1) break;
    matched[eligible[best]] = order[r];
  }
  return matched;
}
