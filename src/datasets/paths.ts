import { isAbsolute, relative, resolve, sep, win32 } from 'node:path';
import { LossyvisionError, type ErrorContext } from '../errors.js';

/**
 * Resolves a path read from an annotation or list file against the folder it must stay in.
 * Absolute paths (POSIX or Windows-style) and paths that climb out with `..` are refused, so a
 * dataset file can never make the tool read, or overwrite, something outside its root.
 */
export function resolveInside(root: string, relPath: string, context: ErrorContext = {}): string {
  const refuse = (why: string) =>
    new LossyvisionError('UNSAFE_PATH', `Expected a relative path inside ${root} but received "${relPath}" (${why})`, context);
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
