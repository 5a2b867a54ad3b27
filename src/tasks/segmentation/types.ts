/** A per-pixel label map: class indices, row-major (a palette PNG's indices, a gray PNG's values). */
export interface LabelMap {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
  /** Where the map came from, for error messages. */
  readonly file?: string;
}

export interface SegmentationOptions {
  numClasses: number;
  /** Ground-truth pixels with this label are left out entirely (VOC/Cityscapes use 255). */
  ignoreIndex: number;
}

export interface SegmentationResult {
  /** Correct pixels / counted pixels. */
  globalAcc: number | null;
  /** Mean per-class accuracy over classes with ground-truth pixels. */
  meanAcc: number | null;
  /** Mean IoU over classes with TP + FP + FN > 0 (Cityscapes / mmseg convention). */
  mIoU: number | null;
  /** Mean IoU over classes with ground-truth pixels (the SegNet-style figure). */
  mIoUGtClasses: number | null;
  /** IoU weighted by each class's share of ground-truth pixels (FCN's fwavacc). */
  fwIoU: number | null;
  /** Per class, null where undefined (no TP + FP + FN, or no ground-truth pixels). */
  perClassIoU: (number | null)[];
  perClassAcc: (number | null)[];
}
