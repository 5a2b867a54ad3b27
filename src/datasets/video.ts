import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { byCodePoint, isImageFile } from './files.js';
import { isMotSequence, readMotSequence, type ImageSequence } from './mot-sequence.js';

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
  /** Set when the video is a MOTChallenge image sequence (`path` is then its folder). */
  readonly sequence?: ImageSequence;
}

export interface VideoData {
  readonly format: 'video' | 'mot';
  readonly root: string;
  readonly videos: readonly VideoEntry[];
  /** True when every video has MOTChallenge ground truth; false is reference mode. */
  readonly labelled: boolean;
}

/** Sub-folders of `dir` that are MOTChallenge sequences (MOT17/train/ holds them side by side). */
async function sequenceFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && isMotSequence(join(dir, e.name)))
    .map((e) => e.name)
    .sort(byCodePoint);
}

/**
 * Whether `path` is video data for a per-frame sweep: a video file, a MOTChallenge sequence
 * folder (seqinfo.ini + img1/), or a folder with video files or sequence folders at its top
 * level and no images there (class folders of videos are action data).
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
  if (isMotSequence(path)) return true;
  const names = (await readdir(path)).filter((n) => !n.startsWith('.'));
  return !names.some(isImageFile) && (names.some(isVideoFile) || (await sequenceFolders(path)).length > 0);
}

/**
 * Opens a video file, a MOTChallenge sequence folder, or a folder of videos and sequence
 * folders. Ground truth is looked for beside each video, in MOTChallenge layout:
 * `<name>.gt.txt`, `<name>/gt/gt.txt`, or `gt/gt.txt` next to a single video (a MOT sequence
 * folder holding its video); a sequence's is its `gt/gt.txt`. Either every video has it or
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
  if (info.isDirectory() && isMotSequence(root)) {
    const video = await sequenceEntry(dirname(root), basename(root));
    return { format: video.groundTruth ? 'mot' : 'video', root: dirname(root), videos: [video], labelled: video.groundTruth !== undefined };
  }
  let files: string[];
  let sequences: string[] = [];
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
    // A folder named after a video is that video's ground truth (<name>/gt/gt.txt), not a sequence.
    const stems = new Set(files.map((n) => n.slice(0, n.length - extname(n).length)));
    sequences = (await sequenceFolders(root)).filter((n) => !stems.has(n));
    if (files.length === 0 && sequences.length === 0) {
      throw new LossyvisionError('INVALID_FILE', 'Expected a folder with video files or MOTChallenge sequence folders (seqinfo.ini + img1/) at its top level', { file: root });
    }
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
  for (const name of sequences) videos.push(await sequenceEntry(dir, name));
  videos.sort((a, b) => byCodePoint(a.id, b.id));
  const labelled = videos.filter((v) => v.groundTruth).length;
  if (labelled > 0 && labelled < videos.length) {
    const missing = videos.filter((v) => !v.groundTruth).map((v) => v.id);
    throw new LossyvisionError('INVALID_FILE', `Expected MOTChallenge ground truth for every video or none, missing for: ${missing.join(', ')}`, { file: root });
  }
  return { format: labelled > 0 ? 'mot' : 'video', root: info.isFile() ? dir : root, videos, labelled: labelled > 0 };
}

async function sequenceEntry(parent: string, name: string): Promise<VideoEntry> {
  const path = join(parent, name);
  const groundTruth = join(path, 'gt', 'gt.txt');
  return { id: name, path, groundTruth: (await isFile(groundTruth)) ? groundTruth : undefined, sequence: await readMotSequence(path) };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
