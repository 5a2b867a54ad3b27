import { extname, isAbsolute, join } from 'node:path';
import { LossyvisionError, invalidParameter } from '../errors.js';
import type { Dataset, Sample } from './dataset.js';
import { pathKind } from './files.js';
import { parseNpy } from './npy.js';
import { readInputFile } from '../media/input-file.js';
import { findFolderPair, pairByStem, pairSample } from './pairs.js';
import type { LazyGroundTruth } from './sample.js';
import { readDepthPng } from '../tasks/depth/read.js';
import type { DepthMap } from '../tasks/depth/types.js';

/** The depth map in metres (0 = no ground truth), read on demand. */
export type DepthGroundTruth = LazyGroundTruth<DepthMap>;

export interface DepthFolderDataset extends Dataset<DepthGroundTruth> {
  /** Stored PNG value per metre. */
  readonly depthScale: number;
}

/** Stored 16-bit PNG units per metre, by convention name. */
export const DEPTH_SCALES: ReadonlyMap<string, number> = new Map([
  ['kitti', 256],
  ['nyu', 1000],
]);

export interface DepthFolderOptions {
  images?: string;
  depth?: string;
  imageSuffix?: string;
  depthSuffix?: string;
  /** PNG value per metre: 256 (KITTI, the default) or 1000 (NYU millimetres), or any positive number. */
  depthScale?: number | string;
}

export const DEPTH_LAYOUTS: readonly (readonly [string, string])[] = [
  ['images', 'depth'],
  ['images', 'depths'],
  ['image', 'depth'],
  ['rgb', 'depth'],
  ['images', 'groundtruth'],
];

const DEPTH_EXTENSIONS = new Set(['.png', '.npy']);

/**
 * Images and depth maps paired by stem. PNG depth is the stored 16-bit (or 8-bit) grey value
 * divided by `depthScale` in float64 (KITTI: value/256, NYU: millimetres/1000), 0 staying "no
 * ground truth" (tasks/depth/read.ts, the reader `eval` uses).
 * `.npy` maps (float32/float64, shape HxW, 1xHxW or HxWx1) are taken as metres; non-finite
 * values become 0 (no ground truth). Depth is read only by `groundTruth.load()`.
 */
export async function openDepthFolder(root: string, options: DepthFolderOptions = {}): Promise<DepthFolderDataset> {
  const depthScale = resolveDepthScale(options.depthScale ?? 'kitti');
  const dirs = await chooseFolders(root, options);
  const pairs = await pairByStem(dirs, {
    imageSuffix: options.imageSuffix,
    targetSuffix: options.depthSuffix,
    acceptTarget: (name) => DEPTH_EXTENSIONS.has(extname(name).toLowerCase()),
  });
  return {
    format: 'depth-folder',
    root,
    labelled: true,
    size: pairs.length,
    depthScale,
    async *samples(): AsyncIterable<Sample<DepthGroundTruth>> {
      for (const pair of pairs) {
        const file = join(dirs.targets, pair.target);
        yield pairSample(dirs, pair, { file, load: () => readDepthMap(file, depthScale) }, file);
      }
    },
  };
}

export function resolveDepthScale(scale: number | string): number {
  const value = typeof scale === 'string' ? DEPTH_SCALES.get(scale) ?? Number(scale) : scale;
  if (!Number.isFinite(value) || value <= 0) {
    throw invalidParameter(`a positive number or one of ${[...DEPTH_SCALES.keys()].join(', ')}`, 'depthScale', scale);
  }
  return value;
}

async function chooseFolders(root: string, options: DepthFolderOptions): Promise<{ images: string; targets: string }> {
  const at = (dir: string): string => (isAbsolute(dir) ? dir : join(root, dir));
  if (options.images !== undefined || options.depth !== undefined) {
    const dirs = { images: at(options.images ?? 'images'), targets: at(options.depth ?? 'depth') };
    for (const dir of [dirs.images, dirs.targets]) {
      if ((await pathKind(dir)) !== 'directory') throw new LossyvisionError('FILE_NOT_FOUND', 'Expected a folder but it does not exist', { file: dir });
    }
    return dirs;
  }
  const found = await findFolderPair(root, DEPTH_LAYOUTS);
  if (found) return found;
  throw new LossyvisionError('FILE_NOT_FOUND',
    `Expected image and depth folders, one of: ${DEPTH_LAYOUTS.map(([i, d]) => `${i}/ + ${d}/`).join(', ')}`, { file: root });
}

/** Reads one depth map in metres. */
export async function readDepthMap(file: string, depthScale: number): Promise<DepthMap> {
  if (extname(file).toLowerCase() === '.npy') return readNpyDepth(file);
  return readDepthPng(file, depthScale);
}

async function readNpyDepth(file: string): Promise<DepthMap> {
  const array = parseNpy(await readInputFile(file, { what: 'a .npy depth file' }), file);
  const s = array.shape;
  const dims = s.length === 2 ? s : s.length === 3 && s[0] === 1 ? s.slice(1) : s.length === 3 && s[2] === 1 ? s.slice(0, 2) : undefined;
  if (dims === undefined) {
    throw new LossyvisionError('INVALID_FILE', `Expected a depth array of shape (H, W), (1, H, W) or (H, W, 1) but received (${array.shape.join(', ')})`, { file });
  }
  const data = array.data;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) data[i] = 0;
  return { width: dims[1], height: dims[0], data, file };
}
