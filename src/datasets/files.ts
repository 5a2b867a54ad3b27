import { readdir, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { LossyvisionError } from '../errors.js';

/**
 * Listing files without reading them: readers build their index from names alone, so opening a
 * 100 000-image folder costs directory reads, not pixel reads.
 */

/** Image extensions readers accept, lower case with the dot, mapped to the source format. */
export const IMAGE_FORMATS: ReadonlyMap<string, { format: string; lossy: boolean }> = new Map([
  ['.jpg', { format: 'jpeg', lossy: true }],
  ['.jpeg', { format: 'jpeg', lossy: true }],
  ['.jpe', { format: 'jpeg', lossy: true }],
  ['.jfif', { format: 'jpeg', lossy: true }],
  ['.png', { format: 'png', lossy: false }],
  // WebP may be lossless (VP8L), but telling needs the file header; datasets are almost always
  // lossy WebP, and claiming "lossy" only adds a double-compression note.
  ['.webp', { format: 'webp', lossy: true }],
  ['.avif', { format: 'avif', lossy: true }],
  ['.heic', { format: 'heif', lossy: true }],
  ['.heif', { format: 'heif', lossy: true }],
  ['.bmp', { format: 'bmp', lossy: false }],
  ['.tif', { format: 'tiff', lossy: false }],
  ['.tiff', { format: 'tiff', lossy: false }],
  ['.gif', { format: 'gif', lossy: false }],
  ['.ppm', { format: 'ppm', lossy: false }],
  ['.pgm', { format: 'pgm', lossy: false }],
]);

export function isImageFile(name: string): boolean {
  return IMAGE_FORMATS.has(extname(name).toLowerCase());
}

/** The source format named by a file's extension (no read); unknown extensions are not lossy. */
export function sourceOf(path: string): { format: string; lossy: boolean } {
  const ext = extname(path).toLowerCase();
  return IMAGE_FORMATS.get(ext) ?? { format: ext.slice(1) || 'unknown', lossy: false };
}

/** `a/b/c.png` → `a/b/c`: the key images and their masks or labels are paired by. */
export function stemOf(relPath: string): string {
  const ext = extname(relPath);
  return ext ? relPath.slice(0, -ext.length) : relPath;
}

/** Code-point order, the same on every machine and locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ListOptions {
  /** Descend into subfolders (default true). Hidden entries (".name") are always skipped. */
  recursive?: boolean;
  /** Keep files whose name passes; default: image files. */
  accept?: (name: string) => boolean;
}

/**
 * Relative paths (always "/"-separated) of the files under `dir`, sorted by code point.
 * Symbolic links are followed for files but not for folders, so a link cycle cannot loop.
 * Special files (FIFOs, devices) are listed like files; they are refused when read.
 */
export async function listFiles(dir: string, options: ListOptions = {}): Promise<string[]> {
  const recursive = options.recursive ?? true;
  const accept = options.accept ?? isImageFile;
  const out: string[] = [];
  const walk = async (absolute: string, relative: string): Promise<void> => {
    const entries = await readdir(absolute, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (recursive) await walk(join(absolute, entry.name), rel);
      } else if (accept(entry.name)) {
        // Not only regular files: a FIFO or device named like an image is listed, so reading
        // it fails as a sample with the reason (media/input-file.ts), instead of vanishing.
        out.push(rel);
      }
    }
  };
  await requireDirectory(dir, 'a folder');
  await walk(dir, '');
  return out.sort(byCodePoint);
}

/** Whether any image file lies under `dir` (stops at the first one). */
export async function containsImage(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (!entry.isDirectory() && isImageFile(entry.name)) return true;
  }
  for (const entry of entries) {
    if (!entry.name.startsWith('.') && entry.isDirectory() && (await containsImage(join(dir, entry.name)))) return true;
  }
  return false;
}

/** Names of the immediate subfolders of `dir`, sorted by code point. */
export async function listFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byCodePoint);
}

export type PathKind = 'file' | 'directory' | 'missing';

export async function pathKind(path: string): Promise<PathKind> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/** Fails with FILE_NOT_FOUND naming the path unless it is a folder. */
export async function requireDirectory(dir: string, what: string): Promise<void> {
  const kind = await pathKind(dir);
  if (kind !== 'directory') {
    throw new LossyvisionError('FILE_NOT_FOUND', `Expected ${what} but ${kind === 'missing' ? 'it does not exist' : 'it is a file'}`, { file: dir });
  }
}

/** Native separators → "/", so ids look the same on every platform. */
export function toPosix(relPath: string): string {
  return sep === '/' ? relPath : relPath.split(sep).join('/');
}
