import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { byCodePoint, isImageFile } from './files.js';

/** Container extensions read as videos (ffmpeg decides what is inside). */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['.avi', '.mp4', '.m4v', '.mkv', '.mov', '.webm', '.mpg', '.mpeg', '.ts', '.y4m', '.flv', '.wmv', '.ivf', '.h264', '.264', '.hevc', '.265']);

export function isVideoFile(name: string): boolean {
  return VIDEO_EXTENSIONS.has(extname(name).toLowerCase());
}

/** One video of a video dataset; its samples are its frames. */
export interface VideoEntry {
  /** Path relative to the dataset root ("vtest.avi"); frame samples are "<id>#<frame index>". */
  readonly id: string;
  readonly path: string;
  /** MOTChallenge gt.txt for this video, when one lies beside it. */
  readonly groundTruth?: string;
}

export interface VideoData {
  readonly format: 'video' | 'mot';
  readonly root: string;
  readonly videos: readonly VideoEntry[];
  /** True when every video has MOTChallenge ground truth; false is reference mode. */
  readonly labelled: boolean;
}

/**
 * Whether `path` is video data for a per-frame sweep: a video file, or a folder with video
 * files at its top level and no images there (class folders of videos are action data).
 */
export async function isVideoData(path: string): Promise<boolean> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return false;
  }
  if (info.isFile()) return isVideoFile(path);
  if (!info.isDirectory()) return false;
  const names = (await readdir(path)).filter((n) => !n.startsWith('.'));
  return names.some(isVideoFile) && !names.some(isImageFile);
}

/**
 * Opens a video file or a folder of videos. Ground truth is looked for beside each video,
 * in MOTChallenge layout: `<name>.gt.txt`, `<name>/gt/gt.txt`, or `gt/gt.txt` next to a
 * single video (a MOT sequence folder holding its video). Either every video has it or
 * none does: a half-labelled set would mix two kinds of ground truth in one number.
 */
export async function openVideoData(path: string): Promise<VideoData> {
  const root = resolve(path);
  let info;
  try {
    info = await stat(root);
  } catch (error) {
    throw new LossyvisionError('FILE_NOT_FOUND', 'video data not found', { file: root }, { cause: error });
  }
  let files: string[];
  let dir: string;
  if (info.isFile()) {
    if (!isVideoFile(root)) throw new LossyvisionError('INVALID_FILE', `Expected a video file (${[...VIDEO_EXTENSIONS].join(', ')})`, { file: root });
    dir = dirname(root);
    files = [basename(root)];
  } else {
    dir = root;
    files = (await readdir(root, { withFileTypes: true }))
      .filter((e) => !e.name.startsWith('.') && (e.isFile() || e.isSymbolicLink()) && isVideoFile(e.name))
      .map((e) => e.name)
      .sort(byCodePoint);
    if (files.length === 0) throw new LossyvisionError('INVALID_FILE', 'Expected a folder with video files at its top level', { file: root });
  }
  const videos: VideoEntry[] = [];
  for (const name of files) {
    const stem = name.slice(0, name.length - extname(name).length);
    const candidates = [join(dir, `${stem}.gt.txt`), join(dir, stem, 'gt', 'gt.txt'), ...(files.length === 1 ? [join(dir, 'gt', 'gt.txt')] : [])];
    let groundTruth: string | undefined;
    for (const c of candidates) {
      if (await isFile(c)) {
        groundTruth = c;
        break;
      }
    }
    videos.push({ id: name, path: join(dir, name), groundTruth });
  }
  const labelled = videos.filter((v) => v.groundTruth).length;
  if (labelled > 0 && labelled < videos.length) {
    const missing = videos.filter((v) => !v.groundTruth).map((v) => v.id);
    throw new LossyvisionError('INVALID_FILE', `Expected MOTChallenge ground truth for every video or none, missing for: ${missing.join(', ')}`, { file: root });
  }
  return { format: labelled > 0 ? 'mot' : 'video', root: info.isFile() ? dir : root, videos, labelled: labelled > 0 };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
