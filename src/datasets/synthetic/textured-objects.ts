/**
 * "Textured objects": the textured-shapes images (textured-shapes.ts — crops of the shipped
 * public-domain photos with textured ellipses, triangles and rectangles pasted on) as an object
 * detection dataset with exact boxes, written in COCO format.
 *
 * A box is the tight box of the pixels its shape owns in the image (pixels whose centre lies
 * inside it and that no later shape covers), and its `area` is their count: the boxes are
 * measured on the very pixels that were drawn, not estimated. A shape mostly hidden under later
 * ones is dropped: a sliver is no object anyone could name.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { invalidParameter } from '../../errors.js';
import { writePng } from '../../media/encode-png.js';
import type { RgbImage } from '../../media/image.js';
import type { Box } from '../../tasks/detection/types.js';
import { loadTextureSources, renderTexturedShapes, TEXTURED_SHAPES_CLASSES } from './textured-shapes.js';

/** COCO categories: ids 1, 2, 3 are the shape kinds (the textured-shapes labels). */
export const TEXTURED_OBJECTS_CATEGORIES = TEXTURED_SHAPES_CLASSES.slice(1).map((name, i) => ({ id: i + 1, name, supercategory: 'shape' }));

/** A shape is kept when at least this share of its pixels is visible… */
export const MIN_VISIBLE_SHARE = 0.35;
/** …and at least this many pixels. */
export const MIN_VISIBLE_PIXELS = 24;

export interface TexturedObject {
  /** COCO category id (1 ellipse, 2 triangle, 3 rectangle). */
  readonly categoryId: number;
  /** [x, y, width, height] in pixels: the tight box of the visible pixels. */
  readonly bbox: Box;
  /** Visible pixels. */
  readonly area: number;
  /** Index of the shape in the rendered sample. */
  readonly shape: number;
}

export interface TexturedObjectsSample {
  readonly image: RgbImage;
  readonly objects: readonly TexturedObject[];
  /** Shapes drawn but dropped as mostly covered. */
  readonly dropped: number;
}

/** The tight box and pixel count of every instance in a row-major instance map (−1: none). */
export function instanceBoxes(instances: Int8Array, width: number, count: number): { bbox: Box; area: number }[] {
  const lo = Array.from({ length: count }, () => [Infinity, Infinity]);
  const hi = Array.from({ length: count }, () => [-Infinity, -Infinity]);
  const area = new Array<number>(count).fill(0);
  for (let i = 0; i < instances.length; i++) {
    const k = instances[i];
    if (k < 0) continue;
    const x = i % width;
    const y = Math.floor(i / width);
    area[k] += 1;
    lo[k][0] = Math.min(lo[k][0], x);
    lo[k][1] = Math.min(lo[k][1], y);
    hi[k][0] = Math.max(hi[k][0], x);
    hi[k][1] = Math.max(hi[k][1], y);
  }
  // Pixel (x, y) covers [x, x + 1) × [y, y + 1): the box spans from the first pixel's edge to the last one's.
  return area.map((a, k) => ({ bbox: a === 0 ? [0, 0, 0, 0] : [lo[k][0], lo[k][1], hi[k][0] - lo[k][0] + 1, hi[k][1] - lo[k][1] + 1], area: a }));
}

/** Renders sample `index` of the dataset with this seed: the image and its exact boxes. */
export function renderTexturedObjects(sources: readonly RgbImage[], seed: number, index: number, size = 64): TexturedObjectsSample {
  const sample = renderTexturedShapes(sources, seed, index, size);
  const boxes = instanceBoxes(sample.instances, size, sample.shapes.length);
  const objects: TexturedObject[] = [];
  sample.shapes.forEach((shape, k) => {
    const { bbox, area } = boxes[k];
    if (area >= MIN_VISIBLE_PIXELS && area >= MIN_VISIBLE_SHARE * shape.pixels) objects.push({ categoryId: shape.label, bbox, area, shape: k });
  });
  return { image: sample.image, objects, dropped: sample.shapes.length - objects.length };
}

export interface WriteTexturedObjectsOptions {
  /** The dataset folder: `images/NNNNNN.png` and `annotations.json` are written in it. */
  out: string;
  count: number;
  seed: number;
  /** Image side in pixels (default 64). */
  size?: number;
  /** Texture photos (default: demo/photos). */
  photos?: readonly string[];
}

export interface TexturedObjectsSummary {
  out: string;
  count: number;
  seed: number;
  size: number;
  /** Boxes per category id. */
  objects: Record<number, number>;
  dropped: number;
}

/**
 * Writes a split in COCO format — `images/NNNNNN.png` (lossless, so every codec starts from
 * pristine pixels) and `annotations.json` (images, annotations with bbox and area, categories;
 * `info` says how it was made) — which the COCO reader opens for `run`, `eval`, `export` and
 * `retrain`. Image ids are index + 1.
 */
export async function writeTexturedObjects(options: WriteTexturedObjectsOptions): Promise<TexturedObjectsSummary> {
  const { out, count, seed } = options;
  const size = options.size ?? 64;
  if (!Number.isInteger(count) || count < 1) throw invalidParameter('integer of at least 1', 'count', count);
  if (!Number.isInteger(seed) || seed < 0) throw invalidParameter('non-negative integer', 'seed', seed);
  const sources = await loadTextureSources(options.photos);
  await mkdir(path.join(out, 'images'), { recursive: true });
  const images: { id: number; file_name: string; width: number; height: number }[] = [];
  const annotations: { id: number; image_id: number; category_id: number; bbox: Box; area: number; iscrowd: 0 }[] = [];
  const perCategory: Record<number, number> = Object.fromEntries(TEXTURED_OBJECTS_CATEGORIES.map((c) => [c.id, 0]));
  let dropped = 0;
  for (let i = 0; i < count; i++) {
    const sample = renderTexturedObjects(sources, seed, i, size);
    const fileName = `${String(i).padStart(6, '0')}.png`;
    await writePng(sample.image, path.join(out, 'images', fileName));
    images.push({ id: i + 1, file_name: fileName, width: size, height: size });
    for (const o of sample.objects) {
      annotations.push({ id: annotations.length + 1, image_id: i + 1, category_id: o.categoryId, bbox: o.bbox, area: o.area, iscrowd: 0 });
      perCategory[o.categoryId] += 1;
    }
    dropped += sample.dropped;
  }
  const info = {
    description: 'lossyvision textured objects (generated; exact boxes of the visible pixels)',
    seed, size, count, photos: options.photos ?? 'demo/photos (public domain)',
    minVisibleShare: MIN_VISIBLE_SHARE, minVisiblePixels: MIN_VISIBLE_PIXELS,
  };
  await writeFile(path.join(out, 'annotations.json'), JSON.stringify({ info, images, annotations, categories: TEXTURED_OBJECTS_CATEGORIES }));
  return { out, count, seed, size, objects: perCategory, dropped };
}
