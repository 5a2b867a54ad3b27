import { cp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getImageCodec } from '../codecs/registry.js';
import { parseCodecLevels } from '../codecs/levels.js';
import { openDataset, type OpenDatasetOptions } from '../datasets/open.js';
import { LossyvisionError } from '../errors.js';
import { is } from '../validate.js';

export interface ExportResult {
  format: string;
  codec: string;
  level: number;
  images: number;
  /** Samples whose image could not be read: left as they are in the copy. */
  skipped: string[];
  /** Sum of compressed bytes and pixels, so the copy's mean bpp is known. */
  bytes: number;
  bpp: number;
  /** Annotation files rewritten because image names changed extension (COCO). */
  rewritten: string[];
}

const inside = (root: string, p: string): boolean => {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

function commonAncestor(a: string, b: string): string {
  const pa = a.split(path.sep);
  const pb = b.split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join(path.sep) || path.sep;
}

async function jsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...await jsonFiles(p));
    else if (e.name.toLowerCase().endsWith('.json')) out.push(p);
  }
  return out;
}

/**
 * Writes a compressed copy of a dataset in its own format: the whole dataset folder is copied
 * (annotations, masks, depth maps and split files untouched), then every sample image is
 * replaced by its compressed version. An image whose extension does not fit the codec is renamed
 * (a.png → a.jpg): readers pair by stem (class, mask and depth folders), VOC's JPEGImages are
 * JPEG already, and COCO JSON copies get their `file_name`s rewritten. Every path stays inside the
 * dataset root and the output folder. Builtin datasets have no folder to copy and are refused.
 */
export async function exportCompressedDataset(data: string, codecSpec: string, out: string, options: OpenDatasetOptions = {}): Promise<ExportResult> {
  const spec = parseCodecLevels(codecSpec);
  if (spec.kind !== 'image' || spec.levels.length !== 1) throw new LossyvisionError('INVALID_ARGUMENT', `Expected one image codec level, e.g. jpeg:10, but received "${codecSpec}"`);
  const level = spec.levels[0];
  const codec = getImageCodec(spec.codec);
  const dataset = await openDataset(data, options);
  if (data.startsWith('builtin:')) throw new LossyvisionError('UNSUPPORTED', 'Expected a dataset folder to copy; built-in datasets have none', { file: data });
  // The folder the user named (COCO's reader roots at its images folder, beside annotations/).
  const given = path.resolve(data);
  const start = (await stat(given)).isDirectory() ? given : path.dirname(given);
  let root = commonAncestor(start, (await stat(dataset.root)).isDirectory() ? dataset.root : path.dirname(dataset.root));
  // An annotation file named apart from the images (--annotations) is part of the dataset: copy it too.
  if (options.annotations) root = commonAncestor(root, path.dirname(path.resolve(options.annotations)));
  const target = path.resolve(out);
  if (target === root || inside(root, target)) throw new LossyvisionError('UNSAFE_PATH', 'Expected the output folder outside the dataset folder', { file: out });
  if (await stat(target).catch(() => undefined)) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected a new output folder but it exists', { file: out });
  await cp(root, target, { recursive: true });

  const extensions = new Set(codec.id === 'jpeg' || codec.id === 'mozjpeg' ? ['.jpg', '.jpeg'] : [`.${codec.extension}`]);
  const renamed = new Map<string, string>();
  let images = 0;
  const skipped: string[] = [];
  let bytes = 0;
  let pixels = 0;
  for await (const sample of dataset.samples()) {
    if (!inside(root, sample.path)) throw new LossyvisionError('UNSAFE_PATH', 'Expected the image inside the dataset folder', { file: sample.path, entry: sample.id });
    const rel = path.relative(root, sample.path);
    const ext = path.extname(rel);
    const relOut = extensions.has(ext.toLowerCase()) ? rel : rel.slice(0, rel.length - ext.length) + `.${codec.extension}`;
    let image;
    try {
      image = await sample.load();
    } catch (error) {
      // A missing or broken image stays as it is in the copy, as broken as in the source.
      if (!(error instanceof LossyvisionError)) throw error;
      skipped.push(sample.id);
      continue;
    }
    const result = await codec.encode(image, level, spec.params as Record<string, string | number | boolean>);
    await writeFile(path.join(target, relOut), result.bitstream);
    if (relOut !== rel) {
      await rm(path.join(target, rel), { force: true });
      renamed.set(rel.split(path.sep).join('/'), relOut.split(path.sep).join('/'));
    }
    images += 1;
    bytes += result.bytes;
    pixels += result.decoded.width * result.decoded.height;
  }
  const rewritten = renamed.size ? await rewriteCocoNames(target, renamed) : [];
  return { format: dataset.format, codec: spec.codec, level, images, skipped, bytes, bpp: pixels ? (8 * bytes) / pixels : 0, rewritten };
}

/** COCO copies: each `images[].file_name` whose file was renamed takes its new extension. */
async function rewriteCocoNames(target: string, renamed: ReadonlyMap<string, string>): Promise<string[]> {
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
