import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { fidelityOf, type Fidelity } from '../fidelity/fidelity.js';
import type { RgbImage } from '../media/image.js';
import { makeTempDir, removeTempDir } from '../temp-files.js';
import { encoderFor } from '../video/availability.js';
import { h264 } from '../video/codecs/h264.js';
import { encoderVersion } from '../video/encoder-version.js';
import { type Ffmpeg, findFfmpeg } from '../video/ffmpeg.js';
import { FfmpegProcess, lastLines, runFfmpeg } from '../video/process.js';
import type { EncodeResult, ImageCodec } from './codec.js';
import { validateLevel } from './level.js';
import { type CodecParams, type ParamValue, paramDefaults, resolveParams } from './params.js';

interface Ready {
  readonly ffmpeg: Ffmpeg;
  readonly encoder: string;
  readonly versions: Record<string, string>;
}

let ready: Promise<Ready> | undefined;

/** Finds ffmpeg and libx264 once per process (each worker thread finds its own). */
function prepare(): Promise<Ready> {
  ready ??= (async () => {
    const ffmpeg = await findFfmpeg();
    const encoder = encoderFor(h264, ffmpeg);
    return { ffmpeg, encoder, versions: { ffmpeg: ffmpeg.version, [encoder]: await encoderVersion(ffmpeg, encoder) } };
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

let prepared: Ready | undefined;

/**
 * At most one ffmpeg child per core from this thread: callers encode whole test sets with
 * Promise.all (sharp queues on its own thread pool; ffmpeg children would all start at once).
 */
const slots = { free: availableParallelism(), waiting: [] as (() => void)[] };
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

/**
 * H.264 on still images, as the paper applies it to its image tasks: each image is coded on its
 * own as one intra (IDR) frame by libx264, CRF the level, and decoded back to RGB. Colour goes
 * through ffmpeg's RGB↔YUV conversion both ways, as for video. 4:2:0 needs an even width and
 * height, so an odd edge is padded by repeating the last row or column and cropped off after
 * decoding; bpp counts the bitstream over the original pixels. The bitstream is the Annex B
 * stream as decoded (SPS, PPS, slice) without x264's SEI message, which only carries the
 * encoder's settings as text (≈ 700 bytes, more than the image itself at high CRF).
 * It shares the video codec's id and parameters, so `h264:23,40@preset=slow` means the same
 * settings on images and on video; `rc=bitrate` has no meaning for one image and is refused.
 */
export const intraH264: ImageCodec = {
  id: 'h264',
  kind: 'image',
  level: h264.level,
  extension: 'h264',
  lossless: false,
  description: 'H.264/AVC intra on images: each image one I-frame via ffmpeg libx264, CRF 0–51, yuv420p (odd sizes edge-padded, then cropped)',
  defaults: paramDefaults(h264.params),
  params: h264.params,
  async prepare(): Promise<void> {
    prepared = await prepare();
  },
  versions(): Record<string, string> {
    // Cache keys need the encoder's version; it is learned asynchronously by prepare().
    if (!prepared) throw new Error('intra h264: versions() before prepare()');
    return prepared.versions;
  },
  async encode(image: RgbImage, level: number, given?: Record<string, ParamValue>, fidelity?: Fidelity): Promise<EncodeResult> {
    validateLevel({ ...h264.level, name: 'h264 crf' }, level);
    const params = resolveParams('h264', h264.params, given);
    if (params.rc === 'bitrate') {
      throw new LossyvisionError('INVALID_ARGUMENT', 'h264 rc=bitrate has no meaning for a single image: give a CRF (rc=crf, the default) or a quantiser (rc=qp)');
    }
    const { ffmpeg, encoder } = (prepared = await prepare());
    return limited(() => encodeImage(ffmpeg, encoder, image, level, params, fidelity));
  },
  async decode(bitstream: Uint8Array, width: number, height: number): Promise<RgbImage> {
    const { ffmpeg } = (prepared = await prepare());
    return limited(async () => {
      const dir = await makeTempDir('h264-image');
      try {
        const file = join(dir, 'in.h264');
        await writeFile(file, bitstream);
        return await decodeFile(ffmpeg, file, width, height);
      } finally {
        await removeTempDir(dir);
      }
    });
  },
};

/** Pads, encodes, reads the bitstream and decodes it, in a temporary folder of its own. */
async function encodeImage(ffmpeg: Ffmpeg, encoder: string, image: RgbImage, level: number, params: CodecParams, fidelity: Fidelity | undefined): Promise<EncodeResult> {
  const dir = await makeTempDir('h264-image');
  try {
    const padded = padToEven(image, params);
    const raw = join(dir, 'in.rgb');
    const bitstreamPath = join(dir, 'out.h264');
    await writeFile(raw, padded.data);
    await encodeFrame(ffmpeg, encoder, padded, raw, bitstreamPath, level, params);
    const bitstream = new Uint8Array(await readFile(bitstreamPath));
    const decoded = await decodeFile(ffmpeg, bitstreamPath, image.width, image.height);
    const bytes = bitstream.byteLength;
    return { codec: 'h264', level, params, bitstream, bytes, bpp: (8 * bytes) / (image.width * image.height), decoded, ...fidelityOf(image, decoded, fidelity) };
  } finally {
    await removeTempDir(dir);
  }
}

/** Repeats the last column and row where 4:2:0 needs an even size; other formats code any size. */
export function padToEven(image: RgbImage, params: CodecParams): RgbImage {
  if (params.pixfmt !== 'yuv420p' || (image.width % 2 === 0 && image.height % 2 === 0)) return image;
  const width = image.width + (image.width % 2);
  const height = image.height + (image.height % 2);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const src = Math.min(y, image.height - 1) * image.width * 3;
    const dst = y * width * 3;
    data.set(image.data.subarray(src, src + image.width * 3), dst);
    if (width > image.width) data.copyWithin(dst + image.width * 3, dst + (image.width - 1) * 3, dst + image.width * 3);
  }
  return { width, height, data };
}

async function encodeFrame(ffmpeg: Ffmpeg, encoder: string, frame: RgbImage, raw: string, output: string, level: number, params: CodecParams): Promise<void> {
  const args = [
    '-loglevel', 'error',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', `${frame.width}x${frame.height}`, '-framerate', '1', '-i', raw,
    '-frames:v', '1',
    // One thread: x264's output then depends on the settings alone, so a rerun gives the same bytes.
    '-c:v', encoder, '-threads', '1', ...h264.outputArgs(encoder, level, params),
    '-pix_fmt', String(params.pixfmt),
    // NAL type 6 is SEI: x264's settings text, not needed to decode.
    '-bsf:v', 'filter_units=remove_types=6',
    '-f', 'h264', '-y', output,
  ];
  const proc = new FfmpegProcess(ffmpeg.path, args, { what: `encoding an image as h264 at crf ${level}`, errorCode: 'UNSUPPORTED' });
  try {
    await proc.finish();
  } finally {
    await proc.dispose();
  }
}

/** Decodes the one frame to RGB, cropped to the image's own size (the padding goes). */
async function decodeFile(ffmpeg: Ffmpeg, file: string, width: number, height: number): Promise<RgbImage> {
  const out = await runFfmpeg(
    ffmpeg.path,
    ['-loglevel', 'error', '-f', 'h264', '-i', file, '-frames:v', '1', '-vf', `format=rgb24,crop=${width}:${height}:0:0`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { what: 'decoding an h264 image', file, errorCode: 'DECODE_FAILED' },
  );
  if (out.code !== 0 || out.stdout.length !== width * height * 3 || out.stderr.trim() !== '') {
    throw new LossyvisionError('DECODE_FAILED', `h264 image bitstream did not decode to ${width}×${height} RGB (${out.stdout.length} bytes): ${lastLines(out.stderr)}`, { file });
  }
  return { width, height, data: new Uint8Array(out.stdout.buffer, out.stdout.byteOffset, out.stdout.length) };
}
