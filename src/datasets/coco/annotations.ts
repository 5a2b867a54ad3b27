import { LossyvisionError } from '../../errors.js';
import type { Box, DetectionGroundTruth } from '../../tasks/detection/types.js';
import type { PoseGroundTruth, PoseGroundTruthPerson } from '../../tasks/pose/types.js';
import { is } from '../../validate.js';
import { readJsonFile } from './json.js';
import { allFiniteNumbers, badEntry, BOX_EXPECTED, entryName, isBox, isFiniteNumber, isFlag } from './validate.js';

export interface CocoImageInfo {
  id: number;
  /** Relative to the images folder; the dataset reader checks it stays inside (see `resolveInside`). */
  fileName: string;
  width: number;
  height: number;
}

export interface CocoCategoryInfo {
  id: number;
  name: string;
  supercategory?: string;
  /** Keypoint names, for person_keypoints files. */
  keypoints?: string[];
  skeleton?: number[][];
}

/** One validated annotation; the segmentation is not kept (no evaluation here needs it). */
export interface CocoAnnotation {
  id: number;
  imageId: number;
  categoryId: number;
  bbox: Box;
  area: number;
  iscrowd: boolean;
  difficult?: boolean;
  keypoints?: number[];
  numKeypoints?: number;
}

/** A COCO ground-truth file (instances or person_keypoints), validated and indexed by image id. */
export interface CocoGroundTruth {
  readonly file: string;
  /** In file order. */
  readonly images: readonly CocoImageInfo[];
  readonly categories: readonly CocoCategoryInfo[];
  readonly imageById: ReadonlyMap<number, CocoImageInfo>;
  readonly categoryById: ReadonlyMap<number, CocoCategoryInfo>;
  /** Annotations of each image in file order (their order breaks ties in matching). */
  readonly annotationsByImage: ReadonlyMap<number, readonly CocoAnnotation[]>;
  /** False for image-info files with no `annotations` array (unlabelled test splits). */
  readonly hasAnnotations: boolean;
  /** True when every annotation carries keypoints. */
  readonly hasKeypoints: boolean;
  /** What the file does that lowers scores without being an error (an annotation id 0), each naming the file and entry. */
  readonly warnings: readonly string[];
}

/** Reads and validates a COCO ground-truth JSON file. */
export async function loadCocoGroundTruth(file: string): Promise<CocoGroundTruth> {
  return parseCocoGroundTruth(await readJsonFile(file), file);
}

/** Validates already-parsed COCO ground truth; `file` names it in errors. */
export function parseCocoGroundTruth(json: unknown, file: string): CocoGroundTruth {
  if (!is.object(json)) throw badEntry(file, 'top level', 'an object with images, annotations and categories', 'the file', json);
  const images = list(json, 'images', file).map((item, i) => parseImage(item, i, file));
  const categories = list(json, 'categories', file).map((item, i) => parseCategory(item, i, file));
  const imageById = uniqueIndex(images, 'images', file);
  const categoryById = uniqueIndex(categories, 'categories', file);
  const hasAnnotations = json.annotations !== undefined;
  const raw = hasAnnotations ? list(json, 'annotations', file) : [];
  const annotationsByImage = new Map<number, CocoAnnotation[]>(images.map((image) => [image.id, []]));
  const annotationIds = new Set<number>();
  const warnings: string[] = [];
  let withKeypoints = 0;
  raw.forEach((item, i) => {
    const a = parseAnnotation(item, i, file, imageById, categoryById);
    if (annotationIds.has(a.id)) throw badEntry(file, entryName('annotations', i, item), 'an annotation id used once', 'id', a.id);
    // pycocotools marks "unmatched" with id 0, so a match to this annotation is lost: its numbers are kept, but say so.
    if (a.id === 0) {
      warnings.push(
        `${file}: ${entryName('annotations', i, item)}: annotation id 0 is what pycocotools uses for "unmatched", so a detection matched to it counts as a false positive (and the scores come out lower, exactly as pycocotools gives them); number annotations from 1`,
      );
    }
    annotationIds.add(a.id);
    if (a.keypoints) withKeypoints++;
    annotationsByImage.get(a.imageId)!.push(a);
  });
  return {
    file,
    images,
    categories,
    imageById,
    categoryById,
    annotationsByImage,
    hasAnnotations,
    hasKeypoints: raw.length > 0 && withKeypoints === raw.length,
    warnings,
  };
}

function list(json: Record<string, unknown>, key: string, file: string): unknown[] {
  const value = json[key];
  if (!Array.isArray(value)) throw badEntry(file, key, 'an array', key, value);
  return value;
}

function uniqueIndex<T extends { id: number }>(items: T[], key: string, file: string): Map<number, T> {
  const index = new Map<number, T>();
  items.forEach((item, i) => {
    if (index.has(item.id)) throw badEntry(file, entryName(key, i, item), `an id used once in ${key}`, 'id', item.id);
    index.set(item.id, item);
  });
  return index;
}

function parseImage(item: unknown, i: number, file: string): CocoImageInfo {
  const entry = entryName('images', i, item);
  if (!is.object(item)) throw badEntry(file, entry, 'an object', 'the image', item);
  const { id, file_name: fileName, width, height } = item;
  if (!is.integer(id)) throw badEntry(file, entry, 'an integer', 'id', id);
  if (!is.string(fileName) || fileName.length === 0) throw badEntry(file, entry, 'a non-empty string', 'file_name', fileName);
  if (!is.integer(width) || width <= 0) throw badEntry(file, entry, 'a positive integer', 'width', width);
  if (!is.integer(height) || height <= 0) throw badEntry(file, entry, 'a positive integer', 'height', height);
  return { id, fileName, width, height };
}

function parseCategory(item: unknown, i: number, file: string): CocoCategoryInfo {
  const entry = entryName('categories', i, item);
  if (!is.object(item)) throw badEntry(file, entry, 'an object', 'the category', item);
  const { id, name, supercategory, keypoints, skeleton } = item;
  if (!is.integer(id)) throw badEntry(file, entry, 'an integer', 'id', id);
  if (!is.string(name)) throw badEntry(file, entry, 'a string', 'name', name);
  const category: CocoCategoryInfo = { id, name };
  if (is.string(supercategory)) category.supercategory = supercategory;
  if (keypoints !== undefined) {
    if (!Array.isArray(keypoints) || !keypoints.every(is.string)) throw badEntry(file, entry, 'an array of keypoint names', 'keypoints', keypoints);
    category.keypoints = keypoints;
  }
  if (Array.isArray(skeleton)) category.skeleton = skeleton as number[][];
  return category;
}

function parseAnnotation(
  item: unknown,
  i: number,
  file: string,
  images: ReadonlyMap<number, CocoImageInfo>,
  categories: ReadonlyMap<number, CocoCategoryInfo>,
): CocoAnnotation {
  const entry = entryName('annotations', i, item);
  if (!is.object(item)) throw badEntry(file, entry, 'an object', 'the annotation', item);
  const { id, image_id: imageId, category_id: categoryId, bbox, area, iscrowd = 0, difficult, keypoints, num_keypoints: numKeypoints } = item;
  if (!isFiniteNumber(id)) throw badEntry(file, entry, 'a number', 'id', id);
  if (!is.integer(imageId) || !images.has(imageId)) throw badEntry(file, entry, 'the id of an image listed in images', 'image_id', imageId);
  if (!is.integer(categoryId) || !categories.has(categoryId)) {
    throw badEntry(file, entry, 'the id of a category listed in categories', 'category_id', categoryId);
  }
  if (!isBox(bbox)) throw badEntry(file, entry, BOX_EXPECTED, 'bbox', bbox);
  // COCO's size ranges read `area` (the segment's area), so it cannot be guessed from the box.
  if (!isFiniteNumber(area) || area < 0) throw badEntry(file, entry, 'a finite number ≥ 0', 'area', area);
  if (!isFlag(iscrowd)) throw badEntry(file, entry, '0 or 1', 'iscrowd', iscrowd);
  const annotation: CocoAnnotation = { id, imageId, categoryId, bbox: [bbox[0], bbox[1], bbox[2], bbox[3]], area, iscrowd: Boolean(iscrowd) };
  if (difficult !== undefined) {
    if (!isFlag(difficult)) throw badEntry(file, entry, '0 or 1', 'difficult', difficult);
    annotation.difficult = Boolean(difficult);
  }
  if (keypoints !== undefined) {
    if (!Array.isArray(keypoints) || keypoints.length % 3 !== 0 || !allFiniteNumbers(keypoints)) {
      throw badEntry(file, entry, 'keypoints [x1, y1, v1, …] of finite numbers, 3 per keypoint', 'keypoints', keypoints);
    }
    annotation.keypoints = keypoints;
    if (numKeypoints === undefined) {
      annotation.numKeypoints = keypoints.filter((_, k) => k % 3 === 2).filter((v) => v > 0).length;
    } else if (!is.integer(numKeypoints) || numKeypoints < 0) {
      throw badEntry(file, entry, 'an integer ≥ 0', 'num_keypoints', numKeypoints);
    } else {
      annotation.numKeypoints = numKeypoints;
    }
  }
  return annotation;
}

function imageOf(gt: CocoGroundTruth, imageId: number): CocoImageInfo {
  const image = gt.imageById.get(imageId);
  if (!image) throw new LossyvisionError('UNKNOWN_ID', `image id ${imageId} is not in the ground truth`, { file: gt.file });
  return image;
}

/** One image's boxes, in the detection task's types. */
export function detectionGroundTruth(gt: CocoGroundTruth, imageId: number): DetectionGroundTruth {
  const image = imageOf(gt, imageId);
  const objects = (gt.annotationsByImage.get(imageId) ?? []).map((a) => ({
    id: a.id,
    categoryId: a.categoryId,
    bbox: a.bbox,
    area: a.area,
    iscrowd: a.iscrowd,
    ...(a.difficult === undefined ? {} : { difficult: a.difficult }),
  }));
  return { imageId, width: image.width, height: image.height, objects };
}

/** One image's people, in the pose task's types; every annotation must carry keypoints. */
export function poseGroundTruth(gt: CocoGroundTruth, imageId: number): PoseGroundTruth {
  const image = imageOf(gt, imageId);
  // A loop, not map with a closure per image (see byScoreDescending in coco-evaluate-image.ts).
  const people: PoseGroundTruthPerson[] = [];
  for (const a of gt.annotationsByImage.get(imageId) ?? []) {
    if (!a.keypoints) {
      throw new LossyvisionError('INVALID_FILE', `Expected keypoints on every annotation for pose evaluation (a person_keypoints file), annotation ${a.id} has none`, {
        file: gt.file,
        entry: `annotation id ${a.id}`,
      });
    }
    people.push({ id: a.id, categoryId: a.categoryId, bbox: a.bbox, area: a.area, iscrowd: a.iscrowd, keypoints: a.keypoints, numKeypoints: a.numKeypoints ?? 0 });
  }
  return { imageId, width: image.width, height: image.height, people };
}
