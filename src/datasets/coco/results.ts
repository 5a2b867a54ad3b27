import type { Detection, DetectionPrediction } from '../../tasks/detection/types.js';
import type { PosePerson, PosePrediction } from '../../tasks/pose/types.js';
import { is } from '../../validate.js';
import type { CocoGroundTruth } from './annotations.js';
import { readJsonFile } from './json.js';
import { allFiniteNumbers, badEntry, BOX_EXPECTED, isBox, isFiniteNumber } from './validate.js';

/**
 * COCO results files (the list of `{image_id, category_id, bbox | keypoints, score}` that
 * detectors write), validated against the ground truth and grouped by image in file order.
 * Every ground-truth image gets an entry, empty when the file has nothing for it.
 */

interface Common {
  imageId: number;
  categoryId: number;
  score: number;
}

function parseCommon(item: unknown, i: number, file: string, gt: CocoGroundTruth): Common & { item: Record<string, unknown> } {
  // Each message builds the entry's name itself, only when thrown: results files hold hundreds of thousands.
  if (!is.object(item)) throw badEntry(file, `[${i}]`, 'an object', 'the result', item);
  const { image_id: imageId, category_id: categoryId, score } = item;
  if (!is.integer(imageId) || !gt.imageById.has(imageId)) {
    throw badEntry(file, `[${i}]`, `the id of an image in the ground truth ${gt.file}`, 'image_id', imageId);
  }
  if (!is.integer(categoryId) || !gt.categoryById.has(categoryId)) {
    throw badEntry(file, `[${i}]`, `the id of a category in the ground truth ${gt.file}`, 'category_id', categoryId);
  }
  if (!isFiniteNumber(score)) throw badEntry(file, `[${i}]`, 'a finite number', 'score', score);
  return { imageId, categoryId, score, item };
}

function resultList(json: unknown, file: string): unknown[] {
  if (!Array.isArray(json)) throw badEntry(file, 'top level', 'an array of results', 'the file', json);
  return json;
}

function byImage<P>(gt: CocoGroundTruth, make: (imageId: number) => P): Map<number, P> {
  return new Map(gt.images.map((image) => [image.id, make(image.id)]));
}

/** Box results: `{image_id, category_id, bbox: [x, y, w, h], score}`. */
export function parseCocoDetections(json: unknown, file: string, gt: CocoGroundTruth): Map<number, DetectionPrediction> {
  const out = byImage(gt, (imageId): DetectionPrediction => ({ imageId, detections: [] }));
  resultList(json, file).forEach((raw, i) => {
    const { imageId, categoryId, score, item } = parseCommon(raw, i, file, gt);
    const { bbox } = item;
    if (!isBox(bbox)) throw badEntry(file, `[${i}]`, BOX_EXPECTED, 'bbox', bbox);
    const detection: Detection = { categoryId, score, bbox: [bbox[0], bbox[1], bbox[2], bbox[3]] };
    out.get(imageId)!.detections.push(detection);
  });
  return out;
}

export async function loadCocoDetections(file: string, gt: CocoGroundTruth): Promise<Map<number, DetectionPrediction>> {
  return parseCocoDetections(await readJsonFile(file), file, gt);
}

/**
 * Keypoint results: `{image_id, category_id, keypoints: [x1, y1, v1, …], score}`. A `bbox` is
 * optional but must be on all results or none: pycocotools decides from the first result whether
 * areas come from boxes or from keypoint extents, and a mixed file would be scored inconsistently.
 */
export function parseCocoKeypointResults(json: unknown, file: string, gt: CocoGroundTruth, keypointCount = 17): Map<number, PosePrediction> {
  const out = byImage(gt, (imageId): PosePrediction => ({ imageId, people: [] }));
  const list = resultList(json, file);
  const boxed = list.length > 0 && is.object(list[0]) && Array.isArray(list[0].bbox) && list[0].bbox.length > 0;
  list.forEach((raw, i) => {
    const { imageId, categoryId, score, item } = parseCommon(raw, i, file, gt);
    const { keypoints, bbox } = item;
    if (!Array.isArray(keypoints) || keypoints.length !== 3 * keypointCount || !allFiniteNumbers(keypoints)) {
      throw badEntry(file, `[${i}]`, `keypoints [x1, y1, v1, …] of ${3 * keypointCount} finite numbers`, 'keypoints', keypoints);
    }
    const person: PosePerson = { categoryId, score, keypoints };
    if (boxed) {
      if (!isBox(bbox)) throw badEntry(file, `[${i}]`, `${BOX_EXPECTED} (the first result has one, so all must)`, 'bbox', bbox);
      person.bbox = [bbox[0], bbox[1], bbox[2], bbox[3]];
    } else if (bbox !== undefined && !(Array.isArray(bbox) && bbox.length === 0)) {
      throw badEntry(file, `[${i}]`, 'no bbox (the first result has none, so none may)', 'bbox', bbox);
    }
    out.get(imageId)!.people.push(person);
  });
  return out;
}

export async function loadCocoKeypointResults(file: string, gt: CocoGroundTruth, keypointCount = 17): Promise<Map<number, PosePrediction>> {
  return parseCocoKeypointResults(await readJsonFile(file), file, gt, keypointCount);
}
