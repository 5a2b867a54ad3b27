import { stat } from 'node:fs/promises';
import { loadCocoDetections } from '../../datasets/coco/results.js';
import { detectionGroundTruth, loadCocoGroundTruth } from '../../datasets/coco/annotations.js';
import { readJsonFile } from '../../datasets/coco/json.js';
import { badEntry, BOX_EXPECTED, isBox, isFiniteNumber } from '../../datasets/coco/validate.js';
import { openVoc } from '../../datasets/voc.js';
import { is } from '../../validate.js';
import type { DetectionGroundTruth, DetectionPrediction } from './types.js';
import type { VocProtocol } from './voc-ap.js';
import { VocDetectionMetric, type VocResult } from './voc-metric.js';

export interface VocFiles {
  protocol: VocProtocol;
  /** A VOC root (Annotations/, JPEGImages/, ImageSets/Main/) or a COCO ground-truth JSON file. */
  groundTruth: string;
  /** COCO results JSON: [{image_id, category_id, bbox: [x, y, w, h], score}]. */
  predictions: string;
  /** VOC layout only: ImageSets/Main/<split>.txt (default test, else val, else all). */
  split?: string;
}

/**
 * VOC AP of a COCO results file. Against COCO JSON ground truth, ids are COCO's and an
 * annotation's `"difficult": 1` (or `iscrowd`) makes it ignored. Against a VOC layout:
 * - `image_id` is the file stem as a string ("2008_000005"), or an integer equal to an
 *   all-digit stem's value (5 for "000005", VOC2007 style);
 * - `category_id` is the class name ("dog") or its 1-based index in the class list (VOC's 20
 *   classes in devkit order, aeroplane = 1 … tvmonitor = 20, when the annotations use only those).
 * Boxes are COCO [x, y, w, h]: xmin = x + 1, xmax = x + w on VOC's inclusive pixels (voc-ap.ts).
 */
export async function evaluateVocFiles(input: VocFiles): Promise<VocResult & { images: number }> {
  const isDir = await stat(input.groundTruth).then((s) => s.isDirectory(), () => false);
  return isDir ? evaluateAgainstVocLayout(input) : evaluateAgainstCocoJson(input);
}

async function evaluateAgainstCocoJson(input: VocFiles): Promise<VocResult & { images: number }> {
  const gt = await loadCocoGroundTruth(input.groundTruth);
  const predictions = await loadCocoDetections(input.predictions, gt);
  const metric = new VocDetectionMetric(input.protocol, new Map(gt.categories.map((c) => [c.id, c.name])));
  for (const image of gt.images) metric.update(predictions.get(image.id)!, detectionGroundTruth(gt, image.id));
  return { ...metric.compute(), images: gt.images.length };
}

async function evaluateAgainstVocLayout(input: VocFiles): Promise<VocResult & { images: number }> {
  const dataset = await openVoc(input.groundTruth, input.split === undefined ? {} : { split: input.split });
  const categories = dataset.categories!;
  const categoryByName = new Map([...categories].map(([id, name]) => [name, id]));
  const samples: { stem: string; groundTruth: DetectionGroundTruth }[] = [];
  for await (const sample of dataset.samples()) samples.push({ stem: sample.id, groundTruth: sample.groundTruth! });
  const byStem = new Map(samples.map((s) => [s.stem, s]));
  const byNumber = new Map<number, string | null>(); // null: two stems share the number
  for (const { stem } of samples) {
    if (/^\d+$/.test(stem)) byNumber.set(Number(stem), byNumber.has(Number(stem)) ? null : stem);
  }
  const file = input.predictions;
  const json = await readJsonFile(file);
  if (!Array.isArray(json)) throw badEntry(file, 'top level', 'an array of results', 'the file', json);
  const predictions = new Map<string, DetectionPrediction>(samples.map((s) => [s.stem, { imageId: s.groundTruth.imageId, detections: [] }]));
  json.forEach((item, i) => {
    const entry = `[${i}]`;
    if (!is.object(item)) throw badEntry(file, entry, 'an object', 'the result', item);
    const { image_id: imageId, category_id: categoryId, bbox, score } = item;
    const stem = is.string(imageId) ? (byStem.has(imageId) ? imageId : undefined) : is.integer(imageId) ? byNumber.get(imageId) : undefined;
    if (!stem) throw badEntry(file, entry, `a file stem of ${dataset.split === 'all' ? 'the annotations' : `split "${dataset.split}"`} (string, or integer for all-digit stems)`, 'image_id', imageId);
    const category = is.string(categoryId) ? categoryByName.get(categoryId) : is.integer(categoryId) && categories.has(categoryId) ? categoryId : undefined;
    if (category === undefined) {
      throw badEntry(file, entry, `a class name or 1-based class index (1 = ${categories.get(1)} … ${categories.size} = ${categories.get(categories.size)})`, 'category_id', categoryId);
    }
    if (!isBox(bbox)) throw badEntry(file, entry, BOX_EXPECTED, 'bbox', bbox);
    if (!isFiniteNumber(score)) throw badEntry(file, entry, 'a finite number', 'score', score);
    predictions.get(stem)!.detections.push({ categoryId: category, bbox: [bbox[0], bbox[1], bbox[2], bbox[3]], score });
  });
  const metric = new VocDetectionMetric(input.protocol, categories);
  for (const s of samples) metric.update(predictions.get(s.stem)!, s.groundTruth);
  return { ...metric.compute(), images: samples.length };
}
