import type { DepthCrop } from './types.js';

/**
 * The standard evaluation crops of the KITTI Eigen split, as fractions [top, bottom, left,
 * right] of height and width. Rows top·H … bottom·H and columns left·W … right·W are kept,
 * each bound truncated to an integer as monodepth2 does (`.astype(np.int32)`), end exclusive.
 */
export const DEPTH_CROPS = new Map<DepthCrop, readonly [number, number, number, number] | null>([
  ['none', null],
  // Garg et al. (ECCV 2016); monodepth2 applies this one for its "eigen" split.
  ['garg', [0.40810811, 0.99189189, 0.03594771, 0.96405229]],
  // Eigen et al. (NIPS 2014).
  ['eigen', [0.3324324, 0.91351351, 0.0359477, 0.96405229]],
]);

export interface CropWindow {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function cropWindow(crop: DepthCrop, width: number, height: number): CropWindow {
  const f = DEPTH_CROPS.get(crop);
  if (!f) return { top: 0, bottom: height, left: 0, right: width };
  return { top: Math.trunc(f[0] * height), bottom: Math.trunc(f[1] * height), left: Math.trunc(f[2] * width), right: Math.trunc(f[3] * width) };
}
