/**
 * "Textured shapes": a generated semantic-segmentation dataset with exact ground truth, for
 * training and testing the reference segmentation network without any download.
 *
 * Each image is a crop of one of the shipped public-domain photos (demo/photos), magnified 2–3×
 * so it is smooth, with one to three shapes pasted on it — an ellipse, a triangle or a rectangle,
 * rotated and sized at random — each filled with a crop of a photo minified 2–3.5× so it is busy
 * with fine detail. The class of a pixel is the kind of the topmost shape covering it, or
 * background. Telling a shape from its background takes texture (fine detail, which low JPEG
 * qualities erase); telling the kinds apart takes shape, seen over the network's receptive field.
 * Masks are exact: a pixel is a shape's exactly when its centre lies inside the shape
 * (synthetic/shapes.ts), and that same test picks the pixel's texture. Everything is a function of
 * (seed, index), so a split is reproducible sample by sample whatever its size.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LossyvisionError, invalidParameter } from '../../errors.js';
import { decodeImage } from '../../media/decode.js';
import { writePng } from '../../media/encode-png.js';
import type { RgbImage } from '../../media/image.js';
import { encodeGrayPng } from '../../media/png16.js';
import { Mulberry32 } from '../../random.js';
import { rasterise, rectangle, triangle, type Shape } from './shapes.js';

/** Class names in label order: what the masks' values mean. */
export const TEXTURED_SHAPES_CLASSES = ['background', 'ellipse', 'triangle', 'rectangle'] as const;

type Kind = (typeof TEXTURED_SHAPES_CLASSES)[number];

/** The photos shipped with the package (public domain, see demo/photos/LICENSES.md). */
export const DEMO_PHOTOS_DIR = fileURLToPath(new URL('../../../demo/photos/', import.meta.url));

/** One pasted shape, as drawn (before later shapes covered any of it). */
export interface PastedShape {
  readonly kind: Exclude<Kind, 'background'>;
  readonly label: number;
  readonly shape: Shape;
  /** Index into the texture sources of the photo that fills it. */
  readonly texture: number;
  /** Pixels whose centre lies inside the shape. */
  readonly pixels: number;
  /** Of those, the ones no later shape covers: its pixels in the mask. */
  readonly visible: number;
}

export interface TexturedShapesSample {
  readonly image: RgbImage;
  /** Row-major class indices (TEXTURED_SHAPES_CLASSES). */
  readonly mask: Uint8Array;
  /** Row-major index into `shapes` of the topmost shape covering each pixel, −1 for background: exact instance masks. */
  readonly instances: Int8Array;
  readonly shapes: readonly PastedShape[];
  /** Index of the photo the background is cropped from. */
  readonly background: number;
}

/** Loads the texture photos: the files given, or every image in demo/photos. */
export async function loadTextureSources(files?: readonly string[]): Promise<RgbImage[]> {
  const list = files ?? (await readdir(DEMO_PHOTOS_DIR)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort().map((f) => path.join(DEMO_PHOTOS_DIR, f));
  if (list.length === 0) throw new LossyvisionError('FILE_NOT_FOUND', 'Expected texture photos but found none', { file: DEMO_PHOTOS_DIR });
  return Promise.all(list.map((f) => decodeImage(f)));
}

/**
 * A view of a photo as a texture: output pixel (x, y) shows source point (ox + s·x, oy + s·y), s
 * source pixels per output pixel, as the mean of `taps`² bilinear samples across the pixel (a box
 * filter when minifying). The offset is drawn from `rng` within the photo.
 */
function textureSampler(src: RgbImage, size: number, scale: number, rng: Mulberry32, taps: number): (x: number, y: number, out: Uint8Array, at: number) => void {
  const span = size * scale;
  const ox = rng.next() * Math.max(0, src.width - span);
  const oy = rng.next() * Math.max(0, src.height - span);
  const { width, height, data } = src;
  const rgb = [0, 0, 0];
  return (x, y, out, at) => {
    rgb[0] = rgb[1] = rgb[2] = 0;
    for (let ty = 0; ty < taps; ty++) {
      // Pixel centres sit at i + 0.5; samples are clamped to the photo's edge.
      const fy = Math.min(Math.max(oy + scale * (y + (ty + 0.5) / taps) - 0.5, 0), height - 1);
      const y0 = Math.floor(fy);
      const y1 = Math.min(y0 + 1, height - 1);
      const ay = fy - y0;
      for (let tx = 0; tx < taps; tx++) {
        const fx = Math.min(Math.max(ox + scale * (x + (tx + 0.5) / taps) - 0.5, 0), width - 1);
        const x0 = Math.floor(fx);
        const x1 = Math.min(x0 + 1, width - 1);
        const ax = fx - x0;
        const a = 3 * (y0 * width + x0);
        const b = 3 * (y0 * width + x1);
        const c = 3 * (y1 * width + x0);
        const d = 3 * (y1 * width + x1);
        for (let k = 0; k < 3; k++) rgb[k] += (1 - ay) * ((1 - ax) * data[a + k] + ax * data[b + k]) + ay * ((1 - ax) * data[c + k] + ax * data[d + k]);
      }
    }
    const n = taps * taps;
    out[at] = Math.round(rgb[0] / n);
    out[at + 1] = Math.round(rgb[1] / n);
    out[at + 2] = Math.round(rgb[2] / n);
  };
}

const between = (rng: Mulberry32, lo: number, hi: number): number => lo + (hi - lo) * rng.next();

function drawShape(kind: Exclude<Kind, 'background'>, size: number, rng: Mulberry32): Shape {
  const unit = size / 64;
  const r = between(rng, 9, 17) * unit;
  const cx = between(rng, 0.2, 0.8) * size;
  const cy = between(rng, 0.2, 0.8) * size;
  const angle = between(rng, 0, Math.PI);
  if (kind === 'ellipse') return { kind: 'ellipse', cx, cy, rx: r, ry: r * between(rng, 0.55, 1), angle };
  if (kind === 'triangle') return triangle(cx, cy, 1.25 * r, angle, [between(rng, 0.85, 1.15), between(rng, 0.85, 1.15), between(rng, 0.85, 1.15)]);
  return rectangle(cx, cy, 1.7 * r, 1.7 * r * between(rng, 0.45, 1), angle);
}

/** A per-sample generator state from (seed, index): samples do not depend on how many come before. */
function sampleRng(seed: number, index: number): Mulberry32 {
  const rng = new Mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  rng.next();
  return rng;
}

/** Renders sample `index` of the dataset with this seed: image, exact mask and what was drawn. */
export function renderTexturedShapes(sources: readonly RgbImage[], seed: number, index: number, size = 64): TexturedShapesSample {
  if (!Number.isInteger(size) || size < 16) throw invalidParameter('integer of at least 16', 'size', size);
  if (sources.length === 0) throw invalidParameter('at least one texture photo', 'sources', sources);
  const rng = sampleRng(seed, index);
  const background = rng.int(sources.length);
  const data = new Uint8Array(size * size * 3);
  const backdrop = textureSampler(sources[background], size, between(rng, 0.33, 0.5), rng, 1);
  for (let i = 0; i < size * size; i++) backdrop(i % size, Math.floor(i / size), data, 3 * i);
  const mask = new Uint8Array(size * size);
  const owner = new Int8Array(size * size).fill(-1);
  const drawn: Omit<PastedShape, 'visible'>[] = [];
  const count = 1 + rng.int(3);
  for (let s = 0; s < count; s++) {
    const label = 1 + rng.int(TEXTURED_SHAPES_CLASSES.length - 1);
    const kind = TEXTURED_SHAPES_CLASSES[label] as Exclude<Kind, 'background'>;
    const shape = drawShape(kind, size, rng);
    const source = rng.int(sources.length);
    const fill = textureSampler(sources[source], size, between(rng, 2, 3.5), rng, 2);
    const inside = rasterise(shape, size, size);
    let pixels = 0;
    for (let i = 0; i < inside.length; i++) {
      if (!inside[i]) continue;
      pixels += 1;
      mask[i] = label;
      owner[i] = s;
      fill(i % size, Math.floor(i / size), data, 3 * i);
    }
    drawn.push({ kind, label, shape, texture: source, pixels });
  }
  const visible = new Array<number>(count).fill(0);
  for (const o of owner) if (o >= 0) visible[o] += 1;
  return { image: { width: size, height: size, data }, mask, instances: owner, shapes: drawn.map((d, i) => ({ ...d, visible: visible[i] })), background };
}

export interface WriteTexturedShapesOptions {
  /** The dataset folder: `images/`, `masks/` and `dataset.json` are written in it. */
  out: string;
  count: number;
  seed: number;
  /** Image side in pixels (default 64). */
  size?: number;
  /** Texture photos (default: demo/photos). */
  photos?: readonly string[];
}

export interface TexturedShapesSummary {
  out: string;
  count: number;
  seed: number;
  size: number;
  classes: readonly string[];
  /** Pixels per class over the whole split. */
  classPixels: number[];
}

/**
 * Writes a split as an ordinary mask folder — `images/NNNNNN.png` (lossless, so every codec
 * starts from pristine pixels) and `masks/NNNNNN.png` (8-bit class indices) — that `run`,
 * `export`, `eval` and `retrain` read like any other, plus `dataset.json`: the classes, the
 * settings and every sample's shapes.
 */
export async function writeTexturedShapes(options: WriteTexturedShapesOptions): Promise<TexturedShapesSummary> {
  const { out, count, seed } = options;
  const size = options.size ?? 64;
  if (!Number.isInteger(count) || count < 1) throw invalidParameter('integer of at least 1', 'count', count);
  if (!Number.isInteger(seed) || seed < 0) throw invalidParameter('non-negative integer', 'seed', seed);
  const sources = await loadTextureSources(options.photos);
  await mkdir(path.join(out, 'images'), { recursive: true });
  await mkdir(path.join(out, 'masks'), { recursive: true });
  const classPixels = new Array<number>(TEXTURED_SHAPES_CLASSES.length).fill(0);
  const samples: { id: string; background: number; shapes: PastedShape[] }[] = [];
  for (let i = 0; i < count; i++) {
    const sample = renderTexturedShapes(sources, seed, i, size);
    const id = String(i).padStart(6, '0');
    for (const v of sample.mask) classPixels[v] += 1;
    await writePng(sample.image, path.join(out, 'images', `${id}.png`));
    await writeFile(path.join(out, 'masks', `${id}.png`), encodeGrayPng(size, size, 8, sample.mask));
    samples.push({ id, background: sample.background, shapes: [...sample.shapes] });
  }
  const summary: TexturedShapesSummary = { out, count, seed, size, classes: TEXTURED_SHAPES_CLASSES, classPixels };
  const description = {
    dataset: 'lossyvision textured shapes (generated; exact masks)',
    classes: TEXTURED_SHAPES_CLASSES, seed, size, count, classPixels,
    photos: options.photos ?? 'demo/photos (public domain)',
    samples,
  };
  await writeFile(path.join(out, 'dataset.json'), JSON.stringify(description));
  return summary;
}
