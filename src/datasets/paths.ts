import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep, win32 } from 'node:path';
import { LossyvisionError, type ErrorContext, quote } from '../errors.js';

/**
 * Resolves a path read from an annotation or list file against the folder it must stay in.
 * Absolute paths (POSIX or Windows-style) and paths that climb out with `..` are refused, so a
 * dataset file can never make the tool read, or overwrite, something outside its root.
 */
export function resolveInside(root: string, relPath: string, context: ErrorContext = {}): string {
  const refuse = (why: string) =>
    new LossyvisionError('UNSAFE_PATH', `Expected a relative path inside ${root} but received "${quote(relPath)}" (${why})`, context);
  if (typeof relPath !== 'string' || relPath.length === 0) throw refuse('empty');
  if (relPath.includes('\0')) throw refuse('contains a NUL byte');
  if (isAbsolute(relPath) || win32.isAbsolute(relPath)) throw refuse('absolute path');
  const base = resolve(root);
  const full = resolve(base, relPath);
  const rel = relative(base, full);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw refuse('leaves the folder');
  if (relPath.split(/[\\/]/).includes('..')) throw refuse('contains ".."');
  return full;
}

const realRoots = new Map<string, Promise<string>>();

/**
 * The same rule for symbolic links: `path` (already inside `root` by name) must still be inside
 * `root` once every link is followed, or it is refused (UNSAFE_PATH) like a `../` path. A path
 * that does not exist is returned as it is, for the read to report.
 */
export async function checkRealInside(root: string, path: string, context: ErrorContext = {}): Promise<void> {
  let realRoot = realRoots.get(root);
  if (!realRoot) {
    realRoot = realpath(root).catch(() => resolve(root));
    realRoots.set(root, realRoot);
  }
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return;
  }
  const rel = relative(await realRoot, real);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new LossyvisionError('UNSAFE_PATH', `Expected a file inside ${root} but it is a symbolic link to ${quote(real)}, outside it`, { file: path, ...context });
  }
}
