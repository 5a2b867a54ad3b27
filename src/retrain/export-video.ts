import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { makeTempDir, removeTempDir } from '../temp-files.js';
import path from 'node:path';
import type { CodecLevels } from '../codecs/levels.js';
import { openUcf101 } from '../datasets/ucf101.js';
import { isVideoFile } from '../datasets/video.js';
import { LossyvisionError } from '../errors.js';
import { encodeVideo } from '../video/encode.js';
import { findFfmpeg } from '../video/ffmpeg.js';
import { muxToAvi } from '../video/mux.js';
import { PristineVideo } from '../video/pristine.js';
import { getVideoCodec, videoCodecs } from '../video/registry.js';
import type { VideoExportResult } from './export.js';
import { checkExportTarget } from './export-paths.js';

const SPLIT_LIST = /^(train|test)list\d+\.txt$/i;

/** Every video of the class folders, plus those the test lists name (a missing one is reported as skipped). */
async function videosToEncode(videoDir: string, classes: readonly string[], listed: readonly string[]): Promise<string[]> {
  const ids = new Set(listed);
  for (const name of classes) {
    const entries = await readdir(path.join(videoDir, name), { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isFile() && !e.name.startsWith('.') && isVideoFile(e.name)) ids.add(`${name}/${e.name}`);
  }
  return [...ids].sort();
}

/** "Class/v.mkv 3" → "Class/v.avi 3" for every renamed video; other lines unchanged. */
async function rewriteSplitLists(listDir: string, renamed: ReadonlyMap<string, string>, target: string): Promise<string[]> {
  const changed: string[] = [];
  for (const name of (await readdir(listDir)).filter((n) => SPLIT_LIST.test(n)).sort()) {
    const file = path.join(listDir, name);
    let count = 0;
    const lines = (await readFile(file, 'utf8')).split('\n').map((raw) => {
      const id = raw.trim().split(/\s+/)[0]?.replace(/\\/g, '/');
      const to = id ? renamed.get(id) : undefined;
      if (to === undefined) return raw;
      count += 1;
      return raw.replace(raw.trim().split(/\s+/)[0], to);
    });
    if (count) {
      await writeFile(file, lines.join('\n'));
      changed.push(path.relative(target, file));
    }
  }
  return changed;
}

/**
 * A compressed copy of a UCF101-style dataset: each video is decoded once to its pristine
 * frames, encoded at the level from those frames (so the copy is one generation of the codec
 * over the source, as in a sweep) and written as AVI (see muxToAvi). UCF101 and HMDB51 ship
 * AVI, so their names, classInd.txt and split lists stay valid unchanged; a video in another
 * container becomes `<name>.avi` and the split lists are rewritten to match. Audio is dropped.
 * A video that cannot be decoded is copied as it is and reported as skipped.
 */
export async function exportVideoDataset(data: string, spec: CodecLevels, out: string): Promise<VideoExportResult> {
  if (spec.kind !== 'video') {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected a video codec level for UCF101 video data, one of ${[...videoCodecs.keys()].join(', ')} (e.g. h264:30), but received the image codec ${spec.codec}; image codecs apply per frame in \`lossyvision run\`, not to a video copy`, { file: data });
  }
  const level = spec.levels[0];
  const codec = getVideoCodec(spec.codec);
  const dataset = await openUcf101(path.resolve(data));
  const root = path.resolve(dataset.root);
  const target = await checkExportTarget(root, out);
  const ids = await videosToEncode(dataset.videoDir, dataset.classes, dataset.videos.map((v) => v.id));
  const sources = new Set(ids.map((id) => path.join(dataset.videoDir, id)));
  const renamed = new Map<string, string>();
  for (const id of ids) {
    const ext = path.posix.extname(id);
    if (ext.toLowerCase() === '.avi') continue;
    const to = id.slice(0, id.length - ext.length) + '.avi';
    if (ids.includes(to) || renamed.has(to)) throw new LossyvisionError('INVALID_FILE', `Expected one video per name but ${id} would become ${to}, which another video already is`, { file: path.join(dataset.videoDir, id) });
    renamed.set(id, to);
  }
  // Everything but the videos to encode; a video that fails to decode is copied later, as it is.
  await cp(root, target, { recursive: true, filter: (source) => !sources.has(path.resolve(source)) });

  const ffmpeg = await findFfmpeg();
  const work = await makeTempDir('export');
  const targetVideoDir = path.join(target, path.relative(root, dataset.videoDir));
  const skipped: string[] = [];
  let videos = 0;
  let frames = 0;
  let bytes = 0;
  let pixels = 0;
  let psnrSum = 0;
  let psnrCount = 0;
  try {
    for (const id of ids) {
      const source = path.join(dataset.videoDir, id);
      let pristine: PristineVideo;
      try {
        pristine = await PristineVideo.fromFile(source, { ffmpeg });
      } catch (error) {
        if (!(error instanceof LossyvisionError)) throw error;
        skipped.push(id);
        renamed.delete(id);
        await cp(source, path.join(targetVideoDir, id)).catch(() => undefined);
        continue;
      }
      try {
        const bitstream = path.join(work, `video.${codec.bitstream.extension}`);
        const result = await encodeVideo(pristine, codec, level, { params: spec.params, output: bitstream });
        await muxToAvi(ffmpeg, codec, bitstream, pristine.frameRate, path.join(targetVideoDir, renamed.get(id) ?? id), result.bytes);
        videos += 1;
        frames += result.frames;
        bytes += result.bytes;
        pixels += result.width * result.height * result.frames;
        for (const p of result.psnr.filter(Number.isFinite)) {
          psnrSum += p;
          psnrCount += 1;
        }
      } finally {
        await pristine.dispose();
      }
    }
  } finally {
    await removeTempDir(work);
  }
  const rewritten = renamed.size ? await rewriteSplitLists(path.join(target, path.relative(root, dataset.listDir)), renamed, target) : [];
  return {
    kind: 'video',
    format: dataset.format,
    codec: codec.id,
    level,
    videos,
    frames,
    skipped,
    bytes,
    bpp: pixels ? (8 * bytes) / pixels : 0,
    meanPsnr: psnrCount ? psnrSum / psnrCount : Infinity,
    rewritten,
  };
}
