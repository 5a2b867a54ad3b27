import { cp, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getImageCodec } from '../codecs/registry.js';
import { parseCodecLevels } from '../codecs/levels.js';
import { openDataset, type OpenDatasetOptions } from '../datasets/open.js';
import { isUcf101 } from '../datasets/ucf101.js';
import { LossyvisionError } from '../errors.js';
import { NAME_REWRITERS } from './export-names.js';
import { checkExportTarget, commonAncestor, inside, posixRelative } from './export-paths.js';
import { exportVideoDataset } from './export-video.js';

interface ExportCounts {
  format: string;
  codec: string;
  level: number;
  /** Samples whose file could not be read: left as they are in the copy. */
  skipped: string[];
  /** Sum of compressed bytes (codec payload) and its bits per pixel over the copy. */
  bytes: number;
  bpp: number;
  /** Annotation or list files rewritten because sample file names changed. */
  rewritten: string[];
}

export interface ImageExportResult extends ExportCounts {
  kind: 'image';
  images: number;
}

export interface VideoExportResult extends ExportCounts {
  kind: 'video';
  videos: number;
  frames: number;
  /** Mean over the copy's frames of PSNR (RGB) against the pristine decoded frames. */
  meanPsnr: number;
}

export type ExportResult = ImageExportResult | VideoExportResult;

/**
 * Writes a compressed copy of a dataset in its own format: the whole dataset folder is copied
 * (annotations, masks, depth maps and split files untouched), then every sample image is
 * replaced by its compressed version. An image whose extension does not fit the codec is renamed
 * (a.png → a.jpg): readers pair by stem (class, mask and depth folders), VOC's JPEGImages are
 * JPEG already, and the files that name images (COCO JSON, label lists) get the new names.
 * Every path stays inside the dataset root and the output folder. Builtin datasets have no
 * folder to copy and are refused. UCF101-style video folders take a video codec (export-video.ts).
 */
export async function exportCompressedDataset(data: string, codecSpec: string, out: string, options: OpenDatasetOptions = {}): Promise<ExportResult> {
  const spec = parseCodecLevels(codecSpec);
  if (spec.levels.length !== 1) throw new LossyvisionError('INVALID_ARGUMENT', `Expected one codec level, e.g. jpeg:10 or h264:30, but received "${codecSpec}"`);
  if (!data.startsWith('builtin:') && isUcf101(path.resolve(data))) return exportVideoDataset(data, spec, out);
  if (spec.kind !== 'image') {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected an image codec level, e.g. jpeg:10, for image data; video codecs such as ${spec.codec} need a UCF101-style video folder (classInd.txt beside class folders of videos)`, { file: data });
  }
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
  const target = await checkExportTarget(root, out);
  await cp(root, target, { recursive: true });

  // A file already named as the codec's format (a.jpeg for JPEG) keeps its name.
  const extensions = new Set([codec.extension, ...(codec.otherExtensions ?? [])].map((e) => `.${e}`));
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
      renamed.set(posixRelative(root, sample.path), posixRelative(root, path.join(root, relOut)));
    }
    images += 1;
    bytes += result.bytes;
    pixels += result.decoded.width * result.decoded.height;
  }
  const rewrite = NAME_REWRITERS.get(dataset.format);
  const rewritten = renamed.size && rewrite ? await rewrite({ root, target, data, listRoot: options.images === undefined ? undefined : path.resolve(options.images), renamed }) : [];
  return { kind: 'image', format: dataset.format, codec: spec.codec, level, images, skipped, bytes, bpp: pixels ? (8 * bytes) / pixels : 0, rewritten };
}
