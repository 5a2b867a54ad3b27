import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { makeTempDir, removeTempDir } from '../temp-files.js';
import type { RgbImage } from '../media/image.js';
import type { Ffmpeg } from './ffmpeg.js';
import { lastLines, runFfmpeg } from './process.js';

/**
 * Writes RGB frames as an AVI with FFV-Huffyuv in rgb24: lossless, so decoding gives back exactly
 * these frames (the probe counts ffvhuff as lossless, so a sweep treats the file as pristine), and
 * readable by every ffmpeg, the bundled 4.1 included.
 */
export async function writeLosslessAvi(ffmpeg: Ffmpeg, frames: readonly RgbImage[], frameRate: string, output: string): Promise<void> {
  if (frames.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one frame to write', { file: output });
  const { width, height } = frames[0];
  if (frames.some((f) => f.width !== width || f.height !== height)) throw new LossyvisionError('INVALID_ARGUMENT', `Expected every frame to be ${width}×${height}`, { file: output });
  const dir = await makeTempDir('avi');
  try {
    const raw = join(dir, 'frames.rgb');
    await writeFile(raw, Buffer.concat(frames.map((f) => f.data)));
    const args = ['-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', `${width}x${height}`, '-framerate', frameRate, '-i', raw,
      '-c:v', 'ffvhuff', '-pix_fmt', 'rgb24', '-f', 'avi', '-y', output];
    const run = await runFfmpeg(ffmpeg.path, args, { what: 'writing a lossless AVI', file: output });
    if (run.code !== 0) throw new LossyvisionError('UNSUPPORTED', `Expected ffmpeg to write a lossless (ffvhuff) AVI but it failed: ${lastLines(run.stderr)}`, { file: output });
  } finally {
    await removeTempDir(dir);
  }
}
