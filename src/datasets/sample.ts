import { decodeImage, readImageFile } from '../media/decode.js';
import type { RgbImage } from '../media/image.js';
import type { Sample } from './dataset.js';
import { sourceOf } from './files.js';

/**
 * A sample backed by one image file. Nothing is read until `bytes()` or `load()` is called, and
 * nothing is kept afterwards: a missing or broken file rejects there (a LossyvisionError naming
 * it), so a sweep records one failed sample and goes on.
 */
export function fileSample<GroundTruth>(id: string, path: string, groundTruth?: GroundTruth): Sample<GroundTruth> {
  return {
    id,
    path,
    groundTruth,
    source: sourceOf(path),
    bytes: (): Promise<Uint8Array> => readImageFile(path),
    load: (): Promise<RgbImage> => decodeImage(path),
  };
}

/**
 * Ground truth that is itself a picture (a label mask, a depth map): carried as its file and
 * read only when asked, so iterating a dataset reads no pixels at all.
 */
export interface LazyGroundTruth<T> {
  /** Absolute path of the ground-truth file. */
  readonly file: string;
  load(): Promise<T>;
}
