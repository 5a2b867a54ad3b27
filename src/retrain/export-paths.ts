import { stat } from 'node:fs/promises';
import path from 'node:path';
import { LossyvisionError } from '../errors.js';

/** Whether `p` lies strictly inside `root`. */
export function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function commonAncestor(a: string, b: string): string {
  const pa = a.split(path.sep);
  const pb = b.split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join(path.sep) || path.sep;
}

/** The copy goes to a new folder outside the dataset: never overwrite, never copy into itself. */
export async function checkExportTarget(root: string, out: string): Promise<string> {
  const target = path.resolve(out);
  if (target === root || inside(root, target)) throw new LossyvisionError('UNSAFE_PATH', 'Expected the output folder outside the dataset folder', { file: out });
  if (await stat(target).catch(() => undefined)) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected a new output folder but it exists', { file: out });
  return target;
}

/** A path relative to a root with "/" separators, as list and annotation files write them. */
export function posixRelative(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/');
}
