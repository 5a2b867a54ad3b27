import { join } from 'node:path';
import { LossyvisionError } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import type { Sample } from './dataset.js';
import { byCodePoint, listFiles, pathKind, sourceOf, stemOf } from './files.js';
import { fileSample } from './sample.js';

/** An image folder and a folder of per-pixel targets (masks, depth maps) beside it. */
export interface FolderPair {
  images: string;
  targets: string;
}

export interface PairOptions {
  /** Stripped from image stems before pairing, e.g. Cityscapes' "_leftImg8bit". */
  imageSuffix?: string;
  /** Only target files whose stem ends with it are used, and it is stripped: "_gtFine_labelIds". */
  targetSuffix?: string;
  /** Target files to list, by name. */
  acceptTarget: (name: string) => boolean;
}

export interface Pair {
  /** Relative stem without suffix, "/"-separated: the sample id. */
  key: string;
  /** Relative image path, or undefined when no image has the target's key. */
  image?: string;
  target: string;
}

/**
 * Pairs images with targets by relative stem (subfolders included). Targets drive the list:
 * an image without a target is not a sample (VOC's JPEGImages holds far more images than
 * SegmentationClass has masks), a target without its image is a sample whose load() fails.
 */
export async function pairByStem(dirs: FolderPair, options: PairOptions): Promise<Pair[]> {
  const strip = (stem: string, suffix?: string): string | undefined => {
    if (!suffix) return stem;
    return stem.endsWith(suffix) ? stem.slice(0, -suffix.length) : undefined;
  };
  const images = new Map<string, string>();
  for (const rel of await listFiles(dirs.images)) {
    const key = strip(stemOf(rel), options.imageSuffix);
    // Two images with one stem (a.jpg, a.png): keep the first in code-point order, deterministically.
    if (key !== undefined && !images.has(key)) images.set(key, rel);
  }
  const pairs: Pair[] = [];
  for (const rel of await listFiles(dirs.targets, { accept: options.acceptTarget })) {
    const key = strip(stemOf(rel), options.targetSuffix);
    if (key !== undefined) pairs.push({ key, image: images.get(key), target: rel });
  }
  return pairs.sort((a, b) => byCodePoint(a.key, b.key));
}

/** The first candidate pair of subfolders that both exist under root. */
export async function findFolderPair(root: string, candidates: readonly (readonly [string, string])[]): Promise<FolderPair | undefined> {
  for (const [images, targets] of candidates) {
    const pair = { images: join(root, images), targets: join(root, targets) };
    if ((await pathKind(pair.images)) === 'directory' && (await pathKind(pair.targets)) === 'directory') return pair;
  }
  return undefined;
}

/** The sample for a pair; with no image file, `bytes()` and `load()` reject naming what was expected. */
export function pairSample<GroundTruth>(dirs: FolderPair, pair: Pair, groundTruth: GroundTruth, targetFile: string): Sample<GroundTruth> {
  if (pair.image !== undefined) return fileSample(pair.key, join(dirs.images, pair.image), groundTruth, dirs.images);
  const path = join(dirs.images, pair.key);
  const missing = (): Promise<never> => Promise.reject(new LossyvisionError('FILE_NOT_FOUND',
    `Expected an image named ${pair.key}.<ext> in ${dirs.images} for ${targetFile} but there is none`, { file: path }));
  return {
    id: pair.key,
    path,
    groundTruth,
    source: sourceOf(path),
    bytes: missing,
    load: missing as () => Promise<RgbImage>,
  };
}
