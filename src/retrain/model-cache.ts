import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { digestOf, openEntry, sealEntry } from '../sweep/entry.js';
import { writeFileAtomic } from '../files.js';

/** The files of a cached TF.js Layers model, and the entry that vouches for them. */
const FILES = ['model.json', 'weights.bin'];
const ENTRY = 'cache-entry.json';

/** Records the length and sha256 of a cached model's files beside them (after they are written). */
export async function sealModelFolder(dir: string): Promise<void> {
  const files: Record<string, { bytes: number; sha256: string }> = {};
  for (const name of FILES) {
    const data = await readFile(path.join(dir, name));
    files[name] = { bytes: data.byteLength, sha256: digestOf(data) };
  }
  await writeFileAtomic(path.join(dir, ENTRY), sealEntry(JSON.stringify({ files })));
}

/**
 * What a cached model folder holds: `ok` when every file matches its recorded digest; `absent`
 * with no model; `unsealed` for a model cached before digests (not trusted: made again, which
 * resumes from its final checkpoint); `damaged` otherwise, with the model files deleted.
 */
export async function checkModelFolder(dir: string): Promise<'ok' | 'absent' | 'unsealed' | 'damaged'> {
  const entryText = await readFile(path.join(dir, ENTRY), 'utf8').catch(() => undefined);
  if (entryText === undefined) {
    const model = await readFile(path.join(dir, 'model.json')).catch(() => undefined);
    return model === undefined ? 'absent' : 'unsealed';
  }
  const opened = openEntry(entryText);
  let ok = opened.kind === 'ok';
  if (opened.kind === 'ok') {
    const { files } = JSON.parse(opened.payload) as { files: Record<string, { bytes: number; sha256: string }> };
    for (const name of FILES) {
      const data = await readFile(path.join(dir, name)).catch(() => undefined);
      if (!data || !files[name] || data.byteLength !== files[name].bytes || digestOf(data) !== files[name].sha256) ok = false;
    }
  }
  if (ok) return 'ok';
  for (const name of [...FILES, ENTRY]) await rm(path.join(dir, name), { force: true });
  return 'damaged';
}
