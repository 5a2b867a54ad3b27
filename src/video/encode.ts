import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { validateLevel } from '../codecs/level.js';
import { type CodecParams, type ParamValue, resolveParams } from '../codecs/params.js';
import { invalidParameter, LossyvisionError } from '../errors.js';
import { makeTempDir, removeTempDir } from '../temp-files.js';
import { psnr } from '../fidelity/psnr.js';
import { ssimOrNaN } from '../fidelity/ssim.js';
import { encoderFor } from './availability.js';
import { demuxedPacketBytes, ivfPacketBytes } from './bitstream.js';
import type { DecodedFrameHandler, RateControl, VideoCodec, VideoEncodeResult } from './codec.js';
import { encoderVersion } from './encoder-version.js';
import { decodeFrames } from './frames.js';
import type { PristineVideo } from './pristine.js';
import { FfmpegProcess } from './process.js';
import { getVideoCodec } from './registry.js';

export interface VideoEncodeOptions {
  /** Codec parameters (rc, preset, gop, bframes, speed, pixfmt); defaults filled in and recorded. */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** Keep the bitstream at this path (raw h264/hevc/ivf); otherwise it is deleted after measuring. */
  readonly output?: string;
  /** Sees every decoded frame beside its pristine frame (run a model here); awaited. */
  readonly onFrame?: DecodedFrameHandler;
  readonly stallTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Bitrate levels are kbit/s: anything positive up to 1 Gbit/s. */
const MAX_KBPS = 1_000_000;

/**
 * Encodes the pristine frames at one level and measures the result: exact payload bytes
 * (sum of packet sizes, container overhead apart), kbps, bpp, and PSNR/SSIM of every
 * decoded frame against its pristine frame. Every call reads the same pristine frames, so
 * levels never compound. Frames stream through pipes; memory stays at a few frames.
 */
export async function encodeVideo(
  pristine: PristineVideo,
  codecOrId: VideoCodec | string,
  level: number,
  options: VideoEncodeOptions = {},
): Promise<VideoEncodeResult> {
  const codec = typeof codecOrId === 'string' ? getVideoCodec(codecOrId) : codecOrId;
  const params = resolveParams(codec.id, codec.params, options.params ?? {});
  const rateControl = params.rc as RateControl;
  checkLevel(codec, rateControl, level);
  checkFrameSize(pristine, params);
  const { ffmpeg } = pristine;
  const encoder = encoderFor(codec, ffmpeg);
  const version = await encoderVersion(ffmpeg, encoder);

  const dir = options.output === undefined ? await makeTempDir('bitstream') : undefined;
  const bitstreamPath = options.output === undefined ? join(dir!, `bitstream.${codec.bitstream.extension}`) : resolve(options.output);
  const what = `${codec.id} (${encoder}) at ${rateControl} ${level}`;
  try {
    const encodeStart = performance.now();
    await runEncoder(pristine, codec, encoder, level, params, bitstreamPath, what, options);
    const encodeMs = performance.now() - encodeStart;

    const packetBytes =
      codec.bitstream.muxer === 'ivf' ? await ivfPacketBytes(bitstreamPath) : await demuxedPacketBytes(ffmpeg, bitstreamPath, codec.bitstream.muxer);
    const bytes = packetBytes.reduce((a, b) => a + b, 0);
    const containerBytes = codec.bitstream.overheadBytes(packetBytes.length);
    const fileBytes = (await stat(bitstreamPath)).size;
    if (bytes + containerBytes !== fileBytes) {
      throw new LossyvisionError('DECODE_FAILED', `${what}: packets sum to ${bytes} + ${containerBytes} container bytes but the file has ${fileBytes}`, {
        file: bitstreamPath,
      });
    }

    const decodeStart = performance.now();
    const fidelity = await compare(pristine, codec, bitstreamPath, what, options);
    const decodeMs = performance.now() - decodeStart;

    const pixels = pristine.width * pristine.height * pristine.frameCount;
    const finite = fidelity.psnr.filter(Number.isFinite);
    return {
      codec: codec.id,
      encoder,
      encoderVersion: version,
      level,
      rateControl,
      params,
      width: pristine.width,
      height: pristine.height,
      frames: pristine.frameCount,
      fps: pristine.fps,
      bytes,
      packetBytes,
      containerBytes,
      kbps: (bytes * 8) / pristine.durationS / 1000,
      bpp: (8 * bytes) / pixels,
      psnr: fidelity.psnr,
      ssim: fidelity.ssim,
      meanPsnr: finite.length === 0 ? Infinity : mean(finite),
      meanSsim: mean(fidelity.ssim.filter(Number.isFinite)),
      bitstreamPath: options.output === undefined ? undefined : bitstreamPath,
      encodeMs,
      decodeMs,
      ffmpeg: { path: ffmpeg.path, source: ffmpeg.source, version: ffmpeg.version },
    };
  } finally {
    if (dir) await removeTempDir(dir);
  }
}

function checkLevel(codec: VideoCodec, rateControl: RateControl, level: number): void {
  if (rateControl === 'bitrate') {
    if (!(typeof level === 'number' && level > 0 && level <= MAX_KBPS)) {
      throw invalidParameter(`number of kbit/s above 0 and at most ${MAX_KBPS}`, `${codec.id} bitrate`, level);
    }
    return;
  }
  validateLevel({ ...codec.level, name: `${codec.id} ${rateControl}` }, level);
}

/** 4:2:0 halves chroma in both directions: encoders refuse odd sizes, so say so before ffmpeg does. */
function checkFrameSize(pristine: PristineVideo, params: CodecParams): void {
  if (params.pixfmt === 'yuv420p' && (pristine.width % 2 !== 0 || pristine.height % 2 !== 0)) {
    throw new LossyvisionError(
      'INVALID_ARGUMENT',
      `pixfmt yuv420p needs an even width and height, received ${pristine.width}×${pristine.height}; use pixfmt=yuv444p or scale the video`,
      { file: pristine.source?.file },
    );
  }
}

/** The encoder reads the pristine raw file itself; `-progress` keeps the stall watchdog fed on slow encoders. */
async function runEncoder(
  pristine: PristineVideo,
  codec: VideoCodec,
  encoder: string,
  level: number,
  params: CodecParams,
  output: string,
  what: string,
  options: VideoEncodeOptions,
): Promise<void> {
  const args = [
    '-loglevel',
    'error',
    '-nostats',
    '-progress',
    'pipe:1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-video_size',
    `${pristine.width}x${pristine.height}`,
    '-framerate',
    pristine.frameRate,
    '-i',
    pristine.rawPath,
    '-map',
    '0:v:0',
    '-c:v',
    encoder,
    ...codec.outputArgs(encoder, level, params),
    '-pix_fmt',
    String(params.pixfmt),
    '-f',
    codec.bitstream.muxer,
    '-y',
    output,
  ];
  const proc = new FfmpegProcess(pristine.ffmpeg.path, args, {
    what: `encoding ${what}`,
    file: pristine.source?.file,
    errorCode: 'UNSUPPORTED',
    stallTimeoutMs: options.stallTimeoutMs,
    signal: options.signal,
  });
  try {
    await proc.finish();
  } finally {
    await proc.dispose();
  }
}

/** Decodes the bitstream and pairs each frame with its pristine frame. */
async function compare(
  pristine: PristineVideo,
  codec: VideoCodec,
  bitstreamPath: string,
  what: string,
  options: VideoEncodeOptions,
): Promise<{ psnr: number[]; ssim: number[] }> {
  const psnrs: number[] = [];
  const ssims: number[] = [];
  const reference = pristine.frames({ signal: options.signal });
  const decoded = decodeFrames(
    pristine.ffmpeg,
    { file: bitstreamPath, format: codec.bitstream.muxer, label: `the ${what} bitstream` },
    pristine,
    { stallTimeoutMs: options.stallTimeoutMs, signal: options.signal },
  );
  let extra = false;
  try {
    let index = 0;
    for await (const frame of decoded) {
      const ref = await reference.next();
      if (ref.done) {
        extra = true;
        break;
      }
      psnrs.push(psnr(ref.value, frame));
      ssims.push(ssimOrNaN(ref.value, frame));
      await options.onFrame?.(index, frame, ref.value);
      index++;
    }
  } finally {
    await decoded.return();
    await reference.return();
  }
  if (extra || psnrs.length !== pristine.frameCount) {
    throw new LossyvisionError(
      'DECODE_FAILED',
      `${what}: the bitstream decodes to ${extra ? `more than ${pristine.frameCount}` : psnrs.length} frames, the source has ${pristine.frameCount}`,
      { file: pristine.source?.file },
    );
  }
  return { psnr: psnrs, ssim: ssims };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
