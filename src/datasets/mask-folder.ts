import { extname, isAbsolute, join } from 'node:path';
import { LossyvisionError, unknownId } from '../errors.js';
import { readInputText } from '../media/input-file.js';
import { readScalarPng } from '../media/png16.js';
import type { Dataset, Sample } from './dataset.js';
import { pathKind } from './files.js';
import { MASK_LABELLINGS, type MaskLabelling } from './mask-presets.js';
import { findFolderPair, pairByStem, pairSample, type FolderPair } from './pairs.js';
import { resolveInside } from './paths.js';
import type { LazyGroundTruth } from './sample.js';
import type { LabelMap } from '../tasks/segmentation/types.js';

/** The mask, read on demand: class indices per pixel, the dataset's `ignoreIndex` where not to score. */
export type SegmentationGroundTruth = LazyGroundTruth<LabelMap>;

export interface MaskFolderDataset extends Dataset<SegmentationGroundTruth> {
  readonly ignoreIndex: number;
  /** Class names in index order, when the labelling names them. */
  readonly classes?: readonly string[];
}

export interface MaskFolderOptions {
  /** Image and mask folders (absolute, or relative to root); default: a known layout below. */
  images?: string;
  masks?: string;
  imageSuffix?: string;
  maskSuffix?: string;
  /** A named labelling (voc, cityscapes, camvid) or an explicit one; default: the layout's, else identity with 255 ignored. */
  labels?: string | Partial<MaskLabelling>;
  /** VOC: `ImageSets/Segmentation/<split>.txt` (default val, else every mask); Cityscapes: the subfolder (default val). */
  split?: string;
}

interface Layout {
  images: string;
  masks: string;
  imageSuffix?: string;
  maskSuffix?: string;
  labels?: string;
  kind: 'voc' | 'cityscapes' | 'plain';
}

/** Known layouts, tried in order; the first whose two folders exist is used. */
export const MASK_LAYOUTS: readonly Layout[] = [
  { images: 'JPEGImages', masks: 'SegmentationClass', labels: 'voc', kind: 'voc' },
  { images: 'leftImg8bit', masks: 'gtFine', imageSuffix: '_leftImg8bit', maskSuffix: '_gtFine_labelIds', labels: 'cityscapes', kind: 'cityscapes' },
  { images: 'images', masks: 'masks', kind: 'plain' },
  { images: 'images', masks: 'labels', kind: 'plain' },
  { images: 'images', masks: 'annotations', kind: 'plain' },
  { images: 'test', masks: 'testannot', kind: 'plain' }, // SegNet's CamVid
  { images: 'val', masks: 'valannot', kind: 'plain' },
];

/**
 * Images and index-PNG masks paired by stem. Mask values are the PNG's stored samples — palette
 * INDICES for VOC's colour-mapped SegmentationClass PNGs, never their colours (media/png16.ts) —
 * then mapped through the labelling's id → class table, unmapped ids becoming the ignore index.
 * Masks are read only by `groundTruth.load()`.
 */
export async function openMaskFolder(root: string, options: MaskFolderOptions = {}): Promise<MaskFolderDataset> {
  const layout = await chooseLayout(root, options);
  let dirs: FolderPair = { images: layout.images, targets: layout.masks };
  let keep: Set<string> | undefined;
  if (layout.kind === 'voc') keep = await readSegmentationSplit(root, options.split);
  if (layout.kind === 'cityscapes') {
    const split = options.split ?? 'val';
    dirs = { images: resolveInside(dirs.images, split, { entry: 'split' }), targets: resolveInside(dirs.targets, split, { entry: 'split' }) };
  }
  const labelling = resolveLabelling(options.labels ?? layout.labels);
  const lut = labelling.idMap ? lookupTable(labelling.idMap, labelling.ignoreIndex) : undefined;
  const pairs = (await pairByStem(dirs, {
    imageSuffix: options.imageSuffix ?? layout.imageSuffix,
    targetSuffix: options.maskSuffix ?? layout.maskSuffix,
    acceptTarget: (name) => extname(name).toLowerCase() === '.png',
  })).filter((p) => keep === undefined || keep.has(p.key));

  return {
    format: 'mask-folder',
    root,
    labelled: true,
    size: pairs.length,
    ignoreIndex: labelling.ignoreIndex,
    classes: labelling.classes,
    categories: labelling.classes ? new Map(labelling.classes.map((name, i) => [i, name])) : undefined,
    async *samples(): AsyncIterable<Sample<SegmentationGroundTruth>> {
      for (const pair of pairs) {
        const file = join(dirs.targets, pair.target);
        yield pairSample(dirs, pair, { file, load: () => readLabelMap(file, lut) }, file);
      }
    },
  };
}

async function chooseLayout(root: string, options: MaskFolderOptions): Promise<Layout> {
  const at = (dir: string): string => (isAbsolute(dir) ? dir : join(root, dir));
  if (options.images !== undefined || options.masks !== undefined) {
    const layout = { images: at(options.images ?? 'images'), masks: at(options.masks ?? 'masks'), kind: 'plain' as const };
    for (const dir of [layout.images, layout.masks]) {
      if ((await pathKind(dir)) !== 'directory') throw new LossyvisionError('FILE_NOT_FOUND', 'Expected a folder but it does not exist', { file: dir });
    }
    return layout;
  }
  for (const layout of MASK_LAYOUTS) {
    const found = await findFolderPair(root, [[layout.images, layout.masks]]);
    if (found) return { ...layout, images: found.images, masks: found.targets };
  }
  throw new LossyvisionError('FILE_NOT_FOUND',
    `Expected image and mask folders, one of: ${MASK_LAYOUTS.map((l) => `${l.images}/ + ${l.masks}/`).join(', ')}`, { file: root });
}

function resolveLabelling(labels: string | Partial<MaskLabelling> | undefined): MaskLabelling {
  if (typeof labels === 'string') {
    const preset = MASK_LABELLINGS.get(labels);
    if (!preset) throw unknownId('mask labelling', labels, MASK_LABELLINGS.keys());
    return preset;
  }
  return { ignoreIndex: 255, ...labels };
}

async function readSegmentationSplit(root: string, split: string | undefined): Promise<Set<string> | undefined> {
  const setsDir = join(root, 'ImageSets', 'Segmentation');
  for (const name of split !== undefined ? [split] : ['val']) {
    const file = resolveInside(setsDir, `${name}.txt`, { entry: 'split' });
    if ((await pathKind(file)) === 'file') {
      return new Set((await readInputText(file, { what: 'a split file' })).split(/\r?\n/).map((l) => l.trim().split(/\s+/)[0]).filter(Boolean));
    }
  }
  if (split !== undefined) {
    throw new LossyvisionError('FILE_NOT_FOUND', `Expected the split file ImageSets/Segmentation/${split}.txt but it does not exist`, { file: setsDir });
  }
  return undefined;
}

function lookupTable(idMap: ReadonlyMap<number, number>, ignoreIndex: number): Uint16Array {
  const lut = new Uint16Array(65536).fill(ignoreIndex);
  for (const [id, cls] of idMap) if (id >= 0 && id < lut.length) lut[id] = cls;
  return lut;
}

/** Reads one mask; values go through the lookup table when the labelling has one. */
export async function readLabelMap(file: string, lut?: Uint16Array): Promise<LabelMap> {
  const png = await readScalarPng(file);
  const values = lut ? png.data.map((v) => lut[v]) : png.data;
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return { width: png.width, height: png.height, data: max < 256 ? Uint8Array.from(values) : values, file };
}
