/** A depth map in metres, row-major; 0 (or anything not > minDepthM) means no ground truth. */
export interface DepthMap {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
  /** Where the map came from, for error messages. */
  readonly file?: string;
}

export type DepthCrop = 'none' | 'eigen' | 'garg';

export interface DepthOptions {
  /** Ground truth counts when minDepthM < gt < maxDepthM; predictions are clamped to [min, max]. */
  minDepthM: number;
  maxDepthM: number;
  crop: DepthCrop;
}

/** The eight Eigen et al. error measures (delta = share of pixels with max(gt/pred, pred/gt) < 1.25^k). */
export const DEPTH_MEASURES = ['absRel', 'sqRel', 'rmse', 'rmseLog', 'log10', 'delta1', 'delta2', 'delta3'] as const;
export type DepthMeasure = (typeof DEPTH_MEASURES)[number];
export type DepthErrors = Record<DepthMeasure, number>;

/**
 * Per-image averages (KITTI/Eigen practice: each image's errors, then the mean over images)
 * under the plain names, and the pixel-pooled variant (every valid pixel of the dataset
 * weighted equally) under `pooled*` names: pooledAbsRel, pooledRmse, … `images` counts the
 * images that had valid pixels, `pixels` the valid pixels; all null when there are none.
 */
export type DepthResult = Record<DepthMeasure, number | null> &
  Record<`pooled${Capitalize<DepthMeasure>}`, number | null> & { images: number; pixels: number };
