import { join } from 'node:path';
import { LossyvisionError, quote } from '../errors.js';
import { readInputText } from '../media/input-file.js';
import { fromVocBox } from '../tasks/detection/voc-ap.js';
import type { DetectionGroundTruth, GroundTruthObject } from '../tasks/detection/types.js';
import type { Dataset, Sample } from './dataset.js';
import { byCodePoint, listFiles, pathKind, requireDirectory, stemOf } from './files.js';
import { resolveInside } from './paths.js';
import { fileSample } from './sample.js';
import { parseVocAnnotation, type VocAnnotation } from './voc/annotations.js';
import { VOC_CLASSES } from './voc/classes.js';

export interface VocOptions {
  /** `ImageSets/Main/<split>.txt`; default test, else val, else every annotation. */
  split?: string;
  /** Class names in category-id order (id = index + 1); default: VOC's 20 when they fit, else sorted names. */
  classes?: readonly string[];
}

export interface VocDataset extends Dataset<DetectionGroundTruth> {
  /** The split read: its name, or "all" when no split file was used. */
  readonly split: string;
}

const DEFAULT_SPLITS = ['test', 'val'];
/** XML files read at once while indexing; enough to hide disk latency, few enough for fds. */
const READ_CONCURRENCY = 16;

/**
 * Pascal VOC detection layout: `Annotations/<id>.xml`, `JPEGImages/<image>`,
 * `ImageSets/Main/<split>.txt`. The annotations (not the images) are parsed at open, since the
 * class list and the sample count come from them; boxes become COCO-style [x, y, w, h] with
 * x = xmin − 1, w = xmax − xmin + 1 (see tasks/detection/voc-ap.ts), and `difficult` is kept.
 * Sample ids are the file stems in code-point order; imageId is the 1-based position in that order.
 */
export async function openVoc(root: string, options: VocOptions = {}): Promise<VocDataset> {
  const annotationsDir = join(root, 'Annotations');
  const imagesDir = join(root, 'JPEGImages');
  await requireDirectory(annotationsDir, 'a VOC Annotations/ folder');
  await requireDirectory(imagesDir, 'a VOC JPEGImages/ folder');

  const { ids, split } = await readSplit(root, annotationsDir, options.split);
  ids.sort(byCodePoint);
  const imageByStem = new Map((await listFiles(imagesDir, { recursive: false })).map((f) => [stemOf(f), f]));
  const annotations = await readAnnotations(annotationsDir, ids);
  const classes = options.classes ?? inferClasses(annotations);
  const categoryByName = new Map(classes.map((name, i) => [name, i + 1]));

  let objectId = 0;
  const index = ids.map((id, i) => {
    const annotation = annotations[i];
    const file = join(annotationsDir, `${id}.xml`);
    const objects = annotation.objects.map((o, j): GroundTruthObject => {
      const categoryId = categoryByName.get(o.name);
      if (categoryId === undefined) {
        throw new LossyvisionError('UNKNOWN_ID', `Unknown class "${quote(o.name)}", expected one of: ${classes.join(', ')}`, { file, entry: `object[${j}]` });
      }
      const bbox = fromVocBox(o.bbox);
      return { id: ++objectId, categoryId, bbox, area: bbox[2] * bbox[3], iscrowd: false, difficult: o.difficult };
    });
    const image = imageByStem.get(id);
    const path = image !== undefined
      ? join(imagesDir, image)
      : resolveInside(imagesDir, annotation.filename || `${id}.jpg`, { file, entry: 'filename' });
    const groundTruth: DetectionGroundTruth = { imageId: i + 1, width: annotation.width, height: annotation.height, objects };
    return { id, path, groundTruth };
  });

  return {
    format: 'voc',
    root,
    labelled: true,
    size: index.length,
    split,
    categories: new Map(classes.map((name, i) => [i + 1, name])),
    async *samples(): AsyncIterable<Sample<DetectionGroundTruth>> {
      for (const entry of index) yield fileSample(entry.id, entry.path, entry.groundTruth, imagesDir);
    },
  };
}

async function readSplit(root: string, annotationsDir: string, requested?: string): Promise<{ ids: string[]; split: string }> {
  const setsDir = join(root, 'ImageSets', 'Main');
  const candidates = requested !== undefined ? [requested] : DEFAULT_SPLITS;
  for (const split of candidates) {
    const file = resolveInside(setsDir, `${split}.txt`, { entry: 'split' });
    if ((await pathKind(file)) !== 'file') continue;
    const lines = (await readInputText(file, { what: 'a split file' })).split(/\r?\n/);
    const ids: string[] = [];
    lines.forEach((line, n) => {
      const id = line.trim().split(/\s+/)[0];
      if (!id) return;
      // The id names Annotations/<id>.xml; a "../" id is refused like any path from a file.
      resolveInside(annotationsDir, `${id}.xml`, { file, entry: `line ${n + 1}` });
      ids.push(id);
    });
    return { ids, split };
  }
  if (requested !== undefined) {
    throw new LossyvisionError('FILE_NOT_FOUND', `Expected the split file ImageSets/Main/${requested}.txt but it does not exist`, { file: setsDir });
  }
  const all = await listFiles(annotationsDir, { recursive: false, accept: (name) => name.toLowerCase().endsWith('.xml') });
  return { ids: all.map(stemOf), split: 'all' };
}

async function readAnnotations(annotationsDir: string, ids: readonly string[]): Promise<VocAnnotation[]> {
  const out: VocAnnotation[] = new Array(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      const file = join(annotationsDir, `${ids[i]}.xml`);
      out[i] = parseVocAnnotation(await readInputText(file, { what: 'a VOC annotation file' }), file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, ids.length) }, worker));
  return out;
}

/** VOC's 20 classes in the devkit order when every name is one of them, else the names sorted. */
function inferClasses(annotations: readonly VocAnnotation[]): readonly string[] {
  const names = new Set<string>();
  for (const a of annotations) for (const o of a.objects) names.add(o.name);
  if ([...names].every((n) => VOC_CLASSES.includes(n))) return VOC_CLASSES;
  return [...names].sort(byCodePoint);
}
