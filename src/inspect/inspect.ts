import { stat } from 'node:fs/promises';
import { readInputFile } from '../media/input-file.js';
import { basename, join } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { isImageFile, listFiles, pathKind } from '../datasets/files.js';
import { isVideoFile } from '../datasets/video.js';
import { findFfmpeg, type Ffmpeg } from '../video/ffmpeg.js';
import { inspectImageBytes, type ImageInspection } from './image-file.js';
import { summarise, type InspectionSummary } from './summary.js';
import { inspectVideoFile, type VideoInspectOptions, type VideoInspection } from './video-file.js';

/** One file, as its bytes say it was stored. */
export interface FileInspection {
  /** Relative to the folder inspected (or the file name for a single file). */
  readonly file: string;
  readonly bytes: number;
  readonly kind: 'image' | 'video';
  readonly image?: ImageInspection;
  readonly video?: VideoInspection;
  /** Why the file could not be read; the other fields are then absent. */
  readonly error?: string;
}

export interface Inspection {
  readonly path: string;
  /** Media files found under the path. */
  readonly found: number;
  /** Those inspected: all of them, or `maxFiles` spread evenly over the sorted list. */
  readonly files: readonly FileInspection[];
  readonly summary: InspectionSummary;
}

export interface InspectOptions extends VideoInspectOptions {
  /** Inspect at most this many files, evenly spaced over the sorted list (default: all). */
  readonly maxFiles?: number;
  /** The ffmpeg for video files; found on first need when absent. */
  readonly ffmpeg?: Ffmpeg;
}

const isMedia = (name: string): boolean => isImageFile(name) || isVideoFile(name);

/**
 * Inspects a media file or every image and video under a folder: format, size, dimensions,
 * chroma subsampling, the IJG quality of JPEGs, and codec/profile/bitrate/GOP of videos,
 * with a summary over them. Unreadable files are listed with their error, not thrown.
 */
export async function inspectMedia(path: string, options: InspectOptions = {}): Promise<Inspection> {
  const kind = await pathKind(path);
  if (kind === 'missing') throw new LossyvisionError('FILE_NOT_FOUND', 'Expected a media file or a folder of them but it does not exist', { file: path });
  const relative = kind === 'directory' ? await listFiles(path, { accept: isMedia }) : [basename(path)];
  const picked = evenlySpaced(relative, options.maxFiles);
  const files = await inspectFiles(picked.map((rel) => ({ absolute: kind === 'directory' ? join(path, rel) : path, name: rel })), options);
  return { path, found: relative.length, files, summary: summarise(files) };
}

/** Inspects the files given (absolute path, and the name to report), one after another; ffmpeg is found on first need. */
export async function inspectFiles(entries: readonly { absolute: string; name: string }[], options: InspectOptions = {}): Promise<FileInspection[]> {
  let ffmpeg: Promise<Ffmpeg> | undefined = options.ffmpeg ? Promise.resolve(options.ffmpeg) : undefined;
  const files: FileInspection[] = [];
  for (const { absolute, name } of entries) files.push(await inspectOne(absolute, name, isVideoFile(name), () => (ffmpeg ??= findFfmpeg()), options));
  return files;
}

/** At most `max` of `items`, spread evenly (first included), in their order. */
export function evenlySpaced<T>(items: readonly T[], max?: number): T[] {
  if (max === undefined || items.length <= max) return [...items];
  if (!Number.isInteger(max) || max < 1) throw new LossyvisionError('INVALID_ARGUMENT', `Expected integer of at least 1 for max-files but received ${String(max)}`);
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}

async function inspectOne(absolute: string, rel: string, video: boolean, ffmpeg: () => Promise<Ffmpeg>, options: VideoInspectOptions): Promise<FileInspection> {
  const bytes = (await stat(absolute)).size;
  try {
    if (video) return { file: rel, bytes, kind: 'video', video: await inspectVideoFile(await ffmpeg(), absolute, options) };
    // Only regular files, size-capped: a FIFO or a link to /dev/zero among the sources is refused, never read.
    return { file: rel, bytes, kind: 'image', image: await inspectImageBytes(await readInputFile(absolute, { what: 'an image file' }), absolute) };
  } catch (error) {
    if (!(error instanceof LossyvisionError)) throw error;
    return { file: rel, bytes, kind: video ? 'video' : 'image', error: error.message };
  }
}
