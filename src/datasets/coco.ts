import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { LossyvisionError } from '../errors.js';
import type { DetectionGroundTruth } from '../tasks/detection/types.js';
import type { PoseGroundTruth } from '../tasks/pose/types.js';
import { detectionGroundTruth, loadCocoGroundTruth, poseGroundTruth, type CocoGroundTruth } from './coco/annotations.js';
import type { Dataset, Sample } from './dataset.js';
import { byCodePoint, containsImage, pathKind } from './files.js';
import { resolveInside } from './paths.js';
import { fileSample } from './sample.js';

export interface CocoOptions {
  /** The annotation JSON, when `path` is the images folder. */
  annotations?: string;
  /** The images folder, when it is not one of the conventional places. */
  images?: string;
  /** "detection" (boxes) or "pose" (keypoints); default: pose when every annotation has keypoints. */
  task?: string;
  /** Picks among several annotation files by name, e.g. "val2017". */
  split?: string;
}

export interface CocoDataset extends Dataset<DetectionGroundTruth | PoseGroundTruth> {
  readonly task: 'detection' | 'pose';
  readonly annotations: string;
  readonly images: string;
}

const PREFIXES = new Map([
  ['detection', ['instances_']],
  ['pose', ['person_keypoints_']],
]);
const ANY_TASK = ['instances_', 'person_keypoints_'];
/** A JSON at the top of a folder counts only when its name says COCO (a stray metadata.json does not). */
const TOP_LEVEL_NAME = /^(instances_|person_keypoints_|image_info_)|coco|annotation/i;
const SPLIT_PREFIX = /^(instances|person_keypoints|image_info)_/;

/**
 * COCO-format annotation files under a dataset folder: `annotations/*.json`, then COCO-named
 * `*.json` at the top (instances_…, person_keypoints_…, image_info_…, …coco…, …annotation…). The task's file kind (instances_ for detection, person_keypoints_ for pose) is
 * preferred, then a file named after `split`, then "val"; several left over are all returned.
 */
export async function findCocoAnnotations(dir: string, task?: string, split?: string): Promise<string[]> {
  const jsons: string[] = [];
  for (const [sub, accept] of [[join(dir, 'annotations'), () => true], [dir, (n: string) => TOP_LEVEL_NAME.test(n)]] as const) {
    if ((await pathKind(sub)) !== 'directory') continue;
    const names = (await readdir(sub))
      .filter((n) => extname(n).toLowerCase() === '.json' && !n.startsWith('captions_') && accept(n))
      .sort(byCodePoint);
    jsons.push(...names.map((n) => join(sub, n)));
  }
  let found = jsons;
  for (const prefix of PREFIXES.get(task ?? '') ?? ANY_TASK) {
    const matching = jsons.filter((f) => basename(f).startsWith(prefix));
    if (matching.length > 0) {
      found = matching;
      break;
    }
  }
  for (const part of split !== undefined ? [split] : ['val']) {
    const matching = found.filter((f) => basename(f).includes(part));
    if (matching.length > 0) return matching;
  }
  return found;
}

/** Where the images of an annotation file are looked for, in order. */
export function cocoImageFolders(annotations: string): string[] {
  const jsonDir = dirname(annotations);
  const split = basename(annotations, extname(annotations)).replace(SPLIT_PREFIX, '');
  const root = basename(jsonDir) === 'annotations' ? dirname(jsonDir) : jsonDir;
  return [...new Set([join(root, 'images', split), join(root, split), join(root, 'images'), join(jsonDir, 'images'), join(jsonDir, split)])];
}

async function locate(path: string, options: CocoOptions): Promise<{ annotations: string; images: string }> {
  const kind = await pathKind(path);
  let annotations = options.annotations !== undefined ? resolve(options.annotations) : undefined;
  if (annotations === undefined && kind === 'file') annotations = path;
  if (annotations === undefined) {
    const found = await findCocoAnnotations(path, options.task, options.split);
    if (found.length === 0) {
      throw new LossyvisionError('FILE_NOT_FOUND', 'Expected a COCO annotation file in annotations/*.json or *.json', { file: path });
    }
    if (found.length > 1) {
      throw new LossyvisionError('INVALID_ARGUMENT', `Expected one COCO annotation file but found ${found.length}: ${found.map((f) => basename(f)).join(', ')}; choose one with --annotations or --split`, { file: path });
    }
    annotations = found[0];
  }
  if (options.images !== undefined) return { annotations, images: resolve(options.images) };
  if (kind === 'directory' && options.annotations !== undefined) return { annotations, images: path };
  const candidates = cocoImageFolders(annotations);
  for (const dir of candidates) if ((await pathKind(dir)) === 'directory') return { annotations, images: dir };
  // A JSON kept beside its images.
  if (await containsImage(dirname(annotations))) return { annotations, images: dirname(annotations) };
  throw new LossyvisionError('FILE_NOT_FOUND', `Expected the images folder at one of: ${candidates.join(', ')} (or give --images)`, { file: annotations });
}

/**
 * COCO instances or person_keypoints JSON plus its images folder. The JSON is loaded and
 * validated at open (datasets/coco/annotations.ts), every `file_name` is checked to stay inside
 * the images folder, and nothing else is read: each sample's ground truth is built when it is
 * yielded and its pixels when it is loaded. Ids are the image ids, in numeric order.
 */
export async function openCoco(path: string, options: CocoOptions = {}): Promise<CocoDataset> {
  const { annotations, images } = await locate(path, options);
  const gt = await loadCocoGroundTruth(annotations);
  const task = options.task === 'pose' || options.task === 'detection' ? options.task : gt.hasKeypoints ? 'pose' : 'detection';
  if (task === 'pose' && gt.hasAnnotations && !gt.hasKeypoints) {
    throw new LossyvisionError('INVALID_FILE', 'Expected a person_keypoints file (keypoints on every annotation) for task pose', { file: annotations });
  }
  const index = gt.images
    .map((image, i) => ({ imageId: image.id, path: resolveInside(images, image.fileName, { file: annotations, entry: `images[${i}] (id ${image.id}): file_name` }) }))
    .sort((a, b) => a.imageId - b.imageId);
  const groundTruth = task === 'pose' ? poseGroundTruth : detectionGroundTruth;
  const keypoints = task === 'pose' ? keypointCount(gt, annotations) : undefined;
  return {
    format: 'coco',
    root: images,
    labelled: gt.hasAnnotations,
    size: index.length,
    task,
    annotations,
    images,
    categories: new Map(gt.categories.map((c) => [c.id, c.name])),
    warnings: gt.warnings,
    ...(keypoints ? { keypoints } : {}),
    async *samples(): AsyncIterable<Sample<DetectionGroundTruth | PoseGroundTruth>> {
      for (const { imageId, path: file } of index) {
        yield fileSample(String(imageId), file, gt.hasAnnotations ? groundTruth(gt, imageId) : undefined, images);
      }
    },
  };
}

/** Keypoints per person, the same on every annotation (else an error naming the first that differs, at open). */
function keypointCount(gt: CocoGroundTruth, file: string): { count: number; file: string; entry: string } | undefined {
  let first: { count: number; file: string; entry: string } | undefined;
  for (const annotations of gt.annotationsByImage.values()) {
    for (const a of annotations) {
      if (!a.keypoints) continue;
      const count = a.keypoints.length / 3;
      if (!first) first = { count, file, entry: `annotation id ${a.id}` };
      else if (count !== first.count) {
        throw new LossyvisionError('INVALID_FILE', `Expected ${first.count} keypoints per person (as ${first.entry} has) but annotation id ${a.id} has ${count}`, { file, entry: `annotation id ${a.id}` });
      }
    }
  }
  return first;
}
