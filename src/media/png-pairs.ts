import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { LossyvisionError } from '../errors.js';

/** A ground-truth PNG and the prediction PNG with the same relative path. */
export interface PngPair {
  /** Relative path, "/"-separated: the sample id. */
  key: string;
  groundTruth: string;
  prediction: string;
}

async function requireDirectory(dir: string, flag: string): Promise<void> {
  const kind = await stat(dir).then(
    (s) => (s.isDirectory() ? 'directory' : 'file'),
    () => 'missing',
  );
  if (kind !== 'directory') {
    throw new LossyvisionError(kind === 'missing' ? 'FILE_NOT_FOUND' : 'INVALID_ARGUMENT', `Expected a folder of PNG files for ${flag} but ${kind === 'missing' ? 'it does not exist' : 'it is a file'}`, { file: dir });
  }
}

async function listPngs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.png'))
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Pairs PNGs by relative path (subfolders included, as Cityscapes' city folders). Ground
 * truth drives the list; a ground-truth file without its prediction is an error naming both,
 * predictions without ground truth are not scored.
 */
export async function pairPngFolders(groundTruthDir: string, predictionDir: string): Promise<PngPair[]> {
  await requireDirectory(groundTruthDir, '--gt');
  await requireDirectory(predictionDir, '--pred');
  const predictions = new Set(await listPngs(predictionDir));
  const keys = await listPngs(groundTruthDir);
  if (keys.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected PNG files in the ground-truth folder but found none', { file: groundTruthDir });
  return keys.map((key) => {
    const prediction = join(predictionDir, key);
    if (!predictions.has(key)) {
      throw new LossyvisionError('FILE_NOT_FOUND', `Expected a prediction for ground truth ${join(groundTruthDir, key)} but it does not exist`, { file: prediction });
    }
    return { key, groundTruth: join(groundTruthDir, key), prediction };
  });
}
