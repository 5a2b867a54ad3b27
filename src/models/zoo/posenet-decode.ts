/**
 * PoseNet's multi-person decoding (Papandreou et al., "PersonLab", 2018; as tfjs-models and
 * @vladmandic/human run it): local maxima of the part heatmaps are candidate roots, strongest
 * first; a root near the same part of an already decoded person is skipped; from each root the
 * other parts are reached along the kinematic tree with the mid-range displacement fields and
 * refined with the short-range offsets. Positions are in network-input pixels.
 */

/** Parent → child edges of the tree PoseNet walks, as COCO keypoint indices. */
const POSE_CHAIN: readonly (readonly [number, number])[] = [
  [0, 1], [1, 3], [0, 2], [2, 4], [0, 5], [5, 7], [7, 9], [5, 11], [11, 13], [13, 15],
  [0, 6], [6, 8], [8, 10], [6, 12], [12, 14], [14, 16],
];

/** An H × W × C float map in HWC order. */
export interface FeatureMap {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly data: Float32Array | Float64Array;
}

export interface PosenetDecodeOptions {
  outputStride: number;
  /** Roots and people scoring at most this are dropped (human's body.minConfidence). */
  minScore: number;
  maxPeople: number;
  /** Part-level NMS radius in input pixels. */
  nmsRadius: number;
  localMaximumRadius: number;
  offsetRefineSteps: number;
}

export interface DecodedPose {
  /** Per part: x, y in input pixels and the heatmap score there. */
  keypoints: { x: number; y: number; score: number }[];
  score: number;
}

const at = (m: FeatureMap, y: number, x: number, c: number): number => m.data[(y * m.width + x) * m.channels + c];

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

/** The heatmap cell nearest a point in input pixels. */
function cellNear(x: number, y: number, m: FeatureMap, stride: number): { cx: number; cy: number } {
  return { cx: clamp(Math.round(x / stride), 0, m.width - 1), cy: clamp(Math.round(y / stride), 0, m.height - 1) };
}

/** Cell centre plus its short-range offset for `part` (offsets: K y-channels, then K x-channels). */
function refined(cx: number, cy: number, part: number, offsets: FeatureMap, stride: number, parts: number): { x: number; y: number } {
  return { x: cx * stride + at(offsets, cy, cx, part + parts), y: cy * stride + at(offsets, cy, cx, part) };
}

function isLocalMaximum(scores: FeatureMap, part: number, score: number, cy: number, cx: number, radius: number): boolean {
  for (let y = Math.max(cy - radius, 0); y < Math.min(cy + radius + 1, scores.height); y++) {
    for (let x = Math.max(cx - radius, 0); x < Math.min(cx + radius + 1, scores.width); x++) {
      if (at(scores, y, x, part) > score) return false;
    }
  }
  return true;
}

export function decodeMultiplePoses(
  scores: FeatureMap,
  offsets: FeatureMap,
  displacementsFwd: FeatureMap,
  displacementsBwd: FeatureMap,
  o: PosenetDecodeOptions,
): DecodedPose[] {
  const parts = scores.channels;
  const edges = POSE_CHAIN.length;
  const candidates: { score: number; part: number; cy: number; cx: number }[] = [];
  for (let cy = 0; cy < scores.height; cy++) {
    for (let cx = 0; cx < scores.width; cx++) {
      for (let part = 0; part < parts; part++) {
        const score = at(scores, cy, cx, part);
        if (score < o.minScore) continue;
        if (isLocalMaximum(scores, part, score, cy, cx, o.localMaximumRadius)) candidates.push({ score, part, cy, cx });
      }
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const r2 = o.nmsRadius * o.nmsRadius;
  const poses: DecodedPose[] = [];
  const nearExisting = (x: number, y: number, part: number): boolean =>
    poses.some((p) => (p.keypoints[part].x - x) ** 2 + (p.keypoints[part].y - y) ** 2 <= r2);

  // Follows one edge from a decoded part to its neighbour `target` (displacements: E y-channels, then E x-channels).
  const traverse = (edge: number, source: { x: number; y: number }, target: number, displacements: FeatureMap) => {
    const s = cellNear(source.x, source.y, scores, o.outputStride);
    let point = { x: source.x + at(displacements, s.cy, s.cx, edge + edges), y: source.y + at(displacements, s.cy, s.cx, edge) };
    for (let i = 0; i < o.offsetRefineSteps; i++) {
      const c = cellNear(point.x, point.y, scores, o.outputStride);
      point = refined(c.cx, c.cy, target, offsets, o.outputStride, parts);
    }
    const c = cellNear(point.x, point.y, scores, o.outputStride);
    return { ...point, score: at(scores, c.cy, c.cx, target) };
  };

  for (const root of candidates) {
    if (poses.length >= o.maxPeople) break;
    const rootPoint = refined(root.cx, root.cy, root.part, offsets, o.outputStride, parts);
    if (nearExisting(rootPoint.x, rootPoint.y, root.part)) continue;
    const keypoints: ({ x: number; y: number; score: number } | undefined)[] = new Array(parts);
    keypoints[root.part] = { ...rootPoint, score: root.score };
    for (let edge = edges - 1; edge >= 0; edge--) {
      const [parent, child] = POSE_CHAIN[edge];
      const from = keypoints[child];
      if (from && !keypoints[parent]) keypoints[parent] = traverse(edge, from, parent, displacementsBwd);
    }
    for (let edge = 0; edge < edges; edge++) {
      const [parent, child] = POSE_CHAIN[edge];
      const from = keypoints[parent];
      if (from && !keypoints[child]) keypoints[child] = traverse(edge, from, child, displacementsFwd);
    }
    const complete = keypoints as { x: number; y: number; score: number }[];
    // Instance score: parts not already claimed by an earlier person, averaged over all parts.
    let sum = 0;
    for (let k = 0; k < parts; k++) if (!nearExisting(complete[k].x, complete[k].y, k)) sum += complete[k].score;
    const score = sum / parts;
    if (score > o.minScore) poses.push({ keypoints: complete, score });
  }
  return poses;
}
