import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LABEL_LINE } from '../datasets/label-list.js';
import { is } from '../validate.js';
import { posixRelative } from './export-paths.js';

/** What a rewriter needs to know about a copy whose sample files were renamed. */
export interface RenamedCopy {
  /** Source dataset folder and its copy. */
  readonly root: string;
  readonly target: string;
  /** The path the user named (a list or annotation file, or a folder). */
  readonly data: string;
  /** The folder list paths are relative to, when it is not the list's own folder (label lists' --images). */
  readonly listRoot?: string;
  /** Old → new path of every renamed file, relative to `root`, "/"-separated. */
  readonly renamed: ReadonlyMap<string, string>;
}

/** Rewrites the copy's files that name samples; returns those changed, relative to the copy. */
export type NameRewriter = (copy: RenamedCopy) => Promise<string[]>;

async function jsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...await jsonFiles(p));
    else if (e.name.toLowerCase().endsWith('.json')) out.push(p);
  }
  return out;
}

/** COCO copies: each `images[].file_name` whose file was renamed takes its new extension. */
async function rewriteCocoNames({ target, renamed }: RenamedCopy): Promise<string[]> {
  const changed: string[] = [];
  for (const file of await jsonFiles(target)) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      continue;
    }
    if (!is.object(json) || !Array.isArray(json.images)) continue;
    let count = 0;
    for (const image of json.images as unknown[]) {
      if (!is.object(image) || !is.string(image.file_name)) continue;
      const name = image.file_name.replace(/\\/g, '/');
      // file_name is relative to the images folder: match the renamed path that ends with it.
      for (const [from, to] of renamed) {
        if (from === name || from.endsWith(`/${name}`)) {
          image.file_name = name.slice(0, name.length - path.posix.extname(name).length) + path.posix.extname(to);
          count += 1;
          break;
        }
      }
    }
    if (count) {
      await writeFile(file, JSON.stringify(json));
      changed.push(path.relative(target, file));
    }
  }
  return changed;
}

/**
 * Label lists: each listed path whose file was renamed takes its new extension. Only the path
 * field changes; separators, labels, comments and the header stay byte for byte.
 */
async function rewriteLabelList({ root, target, data, listRoot, renamed }: RenamedCopy): Promise<string[]> {
  const list = path.join(target, path.relative(root, path.resolve(data)));
  const base = listRoot ?? path.dirname(path.resolve(data));
  const lines = (await readFile(list, 'utf8')).split('\n');
  let count = 0;
  const rewritten = lines.map((raw) => {
    const line = raw.trim();
    const m = line.startsWith('#') ? null : LABEL_LINE.exec(line);
    if (!m) return raw;
    const listed = m[1];
    const to = renamed.get(posixRelative(root, path.resolve(base, listed)));
    if (to === undefined) return raw;
    count += 1;
    const ext = path.posix.extname(listed);
    return raw.replace(listed, listed.slice(0, listed.length - ext.length) + path.posix.extname(to));
  });
  if (count === 0) return [];
  await writeFile(list, rewritten.join('\n'));
  return [path.relative(target, list)];
}

/** Formats whose annotation files name the sample files, by dataset format id. */
export const NAME_REWRITERS: ReadonlyMap<string, NameRewriter> = new Map([
  ['coco', rewriteCocoNames],
  ['label-list', rewriteLabelList],
]);
