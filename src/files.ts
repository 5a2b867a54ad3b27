import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tempPathFor } from './temp-files.js';

/** Where the temporary file goes: beside the target (default), or in `tmpDir` (on the same file system, so the rename stays atomic). */
export interface AtomicOptions {
  tmpDir?: string;
}

/**
 * Makes `path` appear whole or not at all: `write` fills a temporary file, which is then renamed
 * over `path`. Readers (another worker, a run on another machine sharing the folder) never see
 * half a file; the temporary name carries host, pid and random digits, so concurrent writers never
 * share one, and a later run removes those of killed runs (temp-files.ts). A failed write leaves
 * no temporary file behind.
 */
export async function replaceAtomically(path: string, write: (temp: string) => Promise<unknown>, options: AtomicOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (options.tmpDir !== undefined) await mkdir(options.tmpDir, { recursive: true });
  const temp = tempPathFor(options.tmpDir === undefined ? path : join(options.tmpDir, basename(path)));
  try {
    await write(temp);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Writes `data` to `path` atomically (see `replaceAtomically`). */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicOptions = {}): Promise<void> {
  return replaceAtomically(path, (temp) => writeFile(temp, data), options);
}
