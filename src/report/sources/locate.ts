import { access } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { LoadedResults } from '../load.js';

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The sweep's cache: its path as given is tried from here, then inside the results folder; a note when gone. */
export async function findCacheDir(results: LoadedResults, cacheDir: string): Promise<string | { note: string }> {
  const candidates = isAbsolute(cacheDir) ? [cacheDir] : [cacheDir, join(results.dir, 'cache')];
  for (const dir of candidates) if (await exists(dir)) return dir;
  return { note: `the cache ${cacheDir} is gone` };
}

/** Memoises one async computation: a sample's digest or decode is done once however often it is asked for. */
export function once<T>(work: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= work());
}
