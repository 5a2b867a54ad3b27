import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SEQINFO, type ImageSequence } from '../datasets/mot-sequence.js';
import { LossyvisionError } from '../errors.js';
import { decodeImage, readImageFile } from '../media/decode.js';
import type { RgbImage } from '../media/image.js';
import { sourceFormat } from '../media/source-format.js';
import type { Ffmpeg } from './ffmpeg.js';
import { PristineVideo } from './pristine.js';

/**
 * The pristine frames of an image sequence, decoded one by one with the image decoder rather
 * than ffmpeg's image2 demuxer: those are the pixels PIL and OpenCV give the detectors MOT
 * results come from (ffmpeg converts JPEG's YCbCr with its own chroma upsampling), and the
 * pixels an image sweep of the same files scores. The frames are usually JPEG already, so the
 * source is marked lossy by what the first frame's bytes say, and every level measures double
 * compression, as for a lossy video file.
 */
export async function pristineFromSequence(sequence: ImageSequence, options: { readonly ffmpeg?: Ffmpeg; readonly maxFrames?: number } = {}): Promise<PristineVideo> {
  const files = sequence.frames.slice(0, options.maxFrames ?? sequence.frames.length);
  const seqinfo = join(sequence.dir, SEQINFO);
  const check = (file: string, frame: RgbImage): RgbImage => {
    if ((sequence.width !== undefined && frame.width !== sequence.width) || (sequence.height !== undefined && frame.height !== sequence.height)) {
      throw new LossyvisionError('INVALID_FILE', `Expected ${sequence.width}×${sequence.height} frames as seqinfo.ini says but ${basename(file)} is ${frame.width}×${frame.height}`, { file: seqinfo });
    }
    return frame;
  };
  const bytes = await readImageFile(files[0]);
  const first = sourceFormat(bytes);
  const firstFrame = check(files[0], await decodeImage(bytes, { file: files[0] }));
  async function* frames(): AsyncGenerator<RgbImage> {
    yield firstFrame;
    for (const file of files.slice(1)) yield check(file, await decodeImage(file));
  }
  const [num, den] = sequence.frameRate.split('/').map(Number);
  const probe = {
    file: sequence.dir,
    container: `image sequence (${basename(dirname(files[0]))}/)`,
    codec: first.format,
    pixelFormat: 'rgb24',
    width: firstFrame.width,
    height: firstFrame.height,
    frameRate: sequence.frameRate,
    fps: den ? num / den : num,
    lossy: first.lossy,
  };
  return PristineVideo.fromFrames(frames(), sequence.frameRate, { ffmpeg: options.ffmpeg, maxFrames: options.maxFrames, source: { file: sequence.dir, probe, lossy: first.lossy } });
}

/** A sequence's identity for the cache: its frame rate and every frame's name and content. */
export async function hashSequence(sequence: ImageSequence): Promise<string> {
  const hash = createHash('sha256').update(`frameRate=${sequence.frameRate}\n`);
  for (const file of sequence.frames) hash.update(`${basename(file)} ${createHash('sha256').update(await readFile(file)).digest('hex')}\n`);
  return hash.digest('hex');
}
