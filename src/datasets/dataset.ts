import type { RgbImage } from '../media/image.js';

/**
 * One item of a dataset. Pixels are not held: `load()` reads and decodes them when asked, so a
 * 100 000-image dataset streams through memory one sample at a time.
 */
export interface Sample<GroundTruth = unknown> {
  /** Stable id within the dataset (COCO image id, VOC file stem, relative path). */
  readonly id: string;
  /** Absolute path of the media file, already checked to lie inside the dataset root. */
  readonly path: string;
  /** Ground truth in the task's type, or undefined for unlabelled data. */
  readonly groundTruth?: GroundTruth;
  /** The source file's own format; `lossy` is true for JPEG and other lossy sources. */
  readonly source: { format: string; lossy: boolean };
  /** Raw file bytes (content-addressing, caching). */
  bytes(): Promise<Uint8Array>;
  /** The pristine image, decoded once. */
  load(): Promise<RgbImage>;
}

export interface Dataset<GroundTruth = unknown> {
  /** "coco", "voc", "class-folders", "folder". */
  readonly format: string;
  readonly root: string;
  /** Whether samples carry ground truth; false means reference mode. */
  readonly labelled: boolean;
  /** Number of samples, known up front from the index. */
  readonly size: number;
  /** Streams samples in index order. */
  samples(): AsyncIterable<Sample<GroundTruth>>;
  /** Category id → name for detection/classification datasets. */
  readonly categories?: ReadonlyMap<number, string>;
  /** Pose data: keypoints per person (every annotation has this many) and the first annotation, for messages. */
  readonly keypoints?: { readonly count: number; readonly file: string; readonly entry: string };
  /** What the reader accepted but the user should know (a COCO annotation id 0), each naming the file and entry. */
  readonly warnings?: readonly string[];
}
