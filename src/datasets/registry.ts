import { readdir } from 'node:fs/promises';
import { extname } from 'node:path';
import type { MaskLabelling } from './mask-presets.js';
import type { Dataset } from './dataset.js';
import { containsImage, isImageFile, listFolders, type PathKind } from './files.js';
import { openClassFolders } from './class-folders.js';
import { findCocoAnnotations, openCoco } from './coco.js';
import { DEPTH_LAYOUTS, openDepthFolder } from './depth-folder.js';
import { openFolder } from './folder.js';
import { openLabelList } from './label-list.js';
import { MASK_LAYOUTS, openMaskFolder } from './mask-folder.js';
import { findFolderPair } from './pairs.js';

/** Everything a reader may need; each reader takes the fields that apply to it. */
export interface OpenDatasetOptions {
  /** A registry id (coco, voc, mask-folder, …); default: detected from the path. */
  format?: string;
  /** detection, pose, segmentation, depth, classification: narrows detection and picks COCO's file. */
  task?: string;
  /** COCO: the annotation JSON when the path is the images folder. */
  annotations?: string;
  /** COCO, mask and depth folders: the images folder. */
  images?: string;
  masks?: string;
  depth?: string;
  imageSuffix?: string;
  maskSuffix?: string;
  depthSuffix?: string;
  /** VOC / VOC segmentation split file name, Cityscapes subfolder, Fashion-MNIST split. */
  split?: string;
  /** Mask labelling: a preset name (voc, cityscapes, camvid) or an explicit id map. */
  labels?: string | Partial<MaskLabelling>;
  /** Depth PNG units per metre: 256 (kitti), 1000 (nyu) or a number. */
  depthScale?: number | string;
  /** Class names in id order (VOC, label lists). */
  classes?: readonly string[];
}

export interface DatasetFormat {
  /** What the path must look like, for help and for "nothing matched" errors. */
  readonly layout: string;
  /** Tasks whose ground truth it yields; folder serves every task in reference mode. */
  readonly tasks: readonly string[] | 'all';
  /** Whether the path looks like this format; cheap (stat and directory reads only). */
  detect(path: string, kind: PathKind, options: OpenDatasetOptions): Promise<boolean>;
  open(path: string, options: OpenDatasetOptions): Promise<Dataset>;
}

async function hasImagesAtTop(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.some((e) => !e.isDirectory() && !e.name.startsWith('.') && isImageFile(e.name));
}

/** Detection order matters: the first format whose `detect` is true opens the path. */
export const DATASET_FORMATS: ReadonlyMap<string, DatasetFormat> = new Map<string, DatasetFormat>([
  ['coco', {
    layout: 'COCO: a .json annotation file, or a folder with annotations/*.json and an images folder (images/, <split>/ named after the JSON, or --images)',
    tasks: ['detection', 'pose'],
    detect: async (path, kind, options) =>
      options.annotations !== undefined
      || (kind === 'file' && extname(path).toLowerCase() === '.json')
      || (kind === 'directory' && (await findCocoAnnotations(path, options.task)).length > 0),
    open: (path, options) => openCoco(path, options),
  }],
  ['voc', {
    layout: 'Pascal VOC: Annotations/*.xml + JPEGImages/ (+ ImageSets/Main/<split>.txt)',
    tasks: ['detection'],
    detect: async (path, kind) => kind === 'directory' && (await findFolderPair(path, [['JPEGImages', 'Annotations']])) !== undefined,
    // Loaded on use: the XML parser behind it costs every other dataset its start-up.
    open: async (path, options) => (await import('./voc.js')).openVoc(path, options),
  }],
  ['mask-folder', {
    layout: `segmentation masks: ${MASK_LAYOUTS.map((l) => `${l.images}/ + ${l.masks}/`).join(', ')}`,
    tasks: ['segmentation'],
    detect: async (path, kind) => kind === 'directory' && (await findFolderPair(path, MASK_LAYOUTS.map((l) => [l.images, l.masks]))) !== undefined,
    open: (path, options) => openMaskFolder(path, options),
  }],
  ['depth-folder', {
    layout: `depth maps: ${DEPTH_LAYOUTS.map(([i, d]) => `${i}/ + ${d}/`).join(', ')}`,
    tasks: ['depth'],
    detect: async (path, kind) => kind === 'directory' && (await findFolderPair(path, DEPTH_LAYOUTS)) !== undefined,
    open: (path, options) => openDepthFolder(path, options),
  }],
  ['label-list', {
    layout: 'a label list: a .txt/.csv file of "path label" lines',
    tasks: ['classification'],
    detect: async (path, kind) => kind === 'file' && ['.txt', '.csv', '.lst'].includes(extname(path).toLowerCase()),
    open: (path, options) => openLabelList(path, { classes: options.classes, root: options.images }),
  }],
  ['class-folders', {
    layout: 'class folders: <class>/<image> subfolders and no images at the top',
    tasks: ['classification'],
    detect: async (path, kind) =>
      kind === 'directory' && (await listFolders(path)).length > 0 && !(await hasImagesAtTop(path)) && (await containsImage(path)),
    open: (path) => openClassFolders(path),
  }],
  ['folder', {
    layout: 'a plain folder of images (no labels: reference mode)',
    tasks: 'all',
    detect: async (path, kind) => kind === 'directory' && (await containsImage(path)),
    open: (path) => openFolder(path),
  }],
]);
