import { decodeImage, readImageFile } from '../media/decode.js';
import type { RgbImage } from '../media/image.js';
import type { Sample } from './dataset.js';
import { sourceOf } from './files.js';
import { checkRealInside } from './paths.js';

/**
 * A sample backed by one image file. Nothing is read until `bytes()` or `load()` is called, and
 * nothing is kept afterwards: a missing or broken file rejects there (a LossyvisionError naming
 * it), so a sweep records one failed sample and goes on.
 */
export function fileSample<GroundTruth>(id: string, path: string, groundTruth?: GroundTruth, root?: string): Sample<GroundTruth> {
  // A symbolic link out of the dataset's root is refused like a "../" path (a failed sample naming it).
  const inside = (): Promise<void> => (root === undefined ? Promise.resolve() : checkRealInside(root, path));
  return {
    id,
    path,
    groundTruth,
    source: sourceOf(path),
    bytes: async (): Promise<Uint8Array> => {
      await inside();
      return readImageFile(path);
    },
    load: async (): Promise<RgbImage> => {
      await inside();
      return decodeImage(path);
    },
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
