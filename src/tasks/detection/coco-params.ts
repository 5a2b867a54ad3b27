import { linspace } from './coco-numeric.js';

/** One object-size range; bounds are inclusive on both ends, as in pycocotools. */
export interface AreaRange {
  readonly label: string;
  readonly min: number;
  readonly max: number;
}

/** One line of COCOeval's summary: which slice of precision (AP) or recall (AR) to average. */
export interface SummaryStat {
  readonly key: string;
  readonly kind: 'AP' | 'AR';
  /** A single IoU/OKS threshold, or undefined for the mean over all of them. */
  readonly threshold?: number;
  readonly area: string;
  readonly maxDetections: number;
}

/**
 * pycocotools' `Params`, frozen. The evaluation keeps results for every (threshold, area range,
 * detection cap) so that `summary` only selects slices of them.
 */
export interface CocoParams {
  /** "bbox" or "keypoints". */
  readonly iouType: string;
  readonly iouThresholds: Float64Array;
  readonly recallThresholds: Float64Array;
  /** Sorted ascending; the last one caps detections per image and category during matching. */
  readonly maxDetections: readonly number[];
  readonly areaRanges: readonly AreaRange[];
  readonly summary: readonly SummaryStat[];
}

// np.linspace(.5, 0.95, 10) and np.linspace(.0, 1.00, 101): not exactly k/20 and k/100.
const IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
const RECALL_THRESHOLDS = linspace(0, 1, 101);
const AREA_ALL: AreaRange = { label: 'all', min: 0 ** 2, max: 1e5 ** 2 };
const AREA_SMALL: AreaRange = { label: 'small', min: 0 ** 2, max: 32 ** 2 };
const AREA_MEDIUM: AreaRange = { label: 'medium', min: 32 ** 2, max: 96 ** 2 };
const AREA_LARGE: AreaRange = { label: 'large', min: 96 ** 2, max: 1e5 ** 2 };

const ap = (key: string, maxDetections: number, area = 'all', threshold?: number): SummaryStat => ({ key, kind: 'AP', threshold, area, maxDetections });
const ar = (key: string, maxDetections: number, area = 'all', threshold?: number): SummaryStat => ({ key, kind: 'AR', threshold, area, maxDetections });

/** `Params(iouType='bbox')` and `_summarizeDets`: the 12 detection statistics. */
export const COCO_BBOX_PARAMS: CocoParams = Object.freeze({
  iouType: 'bbox',
  iouThresholds: IOU_THRESHOLDS,
  recallThresholds: RECALL_THRESHOLDS,
  maxDetections: [1, 10, 100],
  areaRanges: [AREA_ALL, AREA_SMALL, AREA_MEDIUM, AREA_LARGE],
  summary: [
    ap('AP', 100),
    ap('AP50', 100, 'all', 0.5),
    ap('AP75', 100, 'all', 0.75),
    ap('APs', 100, 'small'),
    ap('APm', 100, 'medium'),
    ap('APl', 100, 'large'),
    ar('AR1', 1),
    ar('AR10', 10),
    ar('AR100', 100),
    ar('ARs', 100, 'small'),
    ar('ARm', 100, 'medium'),
    ar('ARl', 100, 'large'),
  ],
});

/** `Params(iouType='keypoints')` and `_summarizeKps`: the 10 keypoint statistics (OKS thresholds). */
export const COCO_KEYPOINTS_PARAMS: CocoParams = Object.freeze({
  iouType: 'keypoints',
  iouThresholds: IOU_THRESHOLDS,
  recallThresholds: RECALL_THRESHOLDS,
  maxDetections: [20],
  areaRanges: [AREA_ALL, AREA_MEDIUM, AREA_LARGE],
  summary: [
    ap('AP', 20),
    ap('AP50', 20, 'all', 0.5),
    ap('AP75', 20, 'all', 0.75),
    ap('APm', 20, 'medium'),
    ap('APl', 20, 'large'),
    ar('AR', 20),
    ar('AR50', 20, 'all', 0.5),
    ar('AR75', 20, 'all', 0.75),
    ar('ARm', 20, 'medium'),
    ar('ARl', 20, 'large'),
  ],
});
