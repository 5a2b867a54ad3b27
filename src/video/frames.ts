import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { LossyvisionError } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import type { Ffmpeg } from './ffmpeg.js';
import { FfmpegProcess, lastLines } from './process.js';

/** Options for streaming decoded frames out of ffmpeg. */
export interface FrameStreamOptions {
  /** Stop after this many frames. */
  readonly maxFrames?: number;
  /** Scale every frame to this size first (e.g. to keep a test or a quick look cheap). */
  readonly size?: { readonly width: number; readonly height: number };
  /**
   * Accept a stream that decodes with errors (damaged blocks, truncation). Off by default:
   * a corrupt source would otherwise silently become the "pristine" reference.
   */
  readonly tolerateErrors?: boolean;
  readonly stallTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** An input for ffmpeg: a file and, for raw bitstreams with no container, its demuxer (`h264`, `hevc`, `ivf`). */
export interface VideoInput {
  readonly file: string;
  readonly format?: string;
  /** Named in messages instead of the path (a temporary bitstream is "the h264 bitstream"). */
  readonly label?: string;
}

/**
 * Decodes a video to 8-bit RGB frames, streamed through a pipe. Memory stays at about one
 * frame plus the pipe buffer: the generator reads the pipe only when its consumer asks for a
 * frame, so ffmpeg blocks while the consumer works. Breaking out of the loop (or an error,
 * or the abort signal) kills ffmpeg and waits until it is gone.
 */
export async function* decodeFrames(
  ffmpeg: Ffmpeg,
  input: VideoInput,
  frameSize: { readonly width: number; readonly height: number },
  options: FrameStreamOptions = {},
): AsyncGenerator<RgbImage, void, undefined> {
  const size = options.size ?? frameSize;
  const args = [
    '-loglevel',
    'error',
    ...(input.format ? ['-f', input.format] : []),
    '-i',
    input.file,
    '-map',
    '0:v:0',
    ...(options.maxFrames !== undefined ? ['-frames:v', String(options.maxFrames)] : []),
    // Every decoded frame exactly once: ffmpeg's default for raw output is constant frame rate,
    // which drops or repeats frames whenever timestamps are irregular, and raw H.264/HEVC
    // streams carry none, so frames are renumbered (setpts=N) and passed through.
    '-vf',
    ['setpts=N', ...(options.size ? [`scale=${size.width}:${size.height}:flags=area`] : [])].join(','),
    ...passthroughArgs(ffmpeg),
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ];
  const label = input.label ?? input.file;
  const proc = new FfmpegProcess(ffmpeg.path, args, {
    what: `decoding ${label}`,
    file: input.file,
    errorCode: 'DECODE_FAILED',
    readStdout: true,
    stallTimeoutMs: options.stallTimeoutMs,
    signal: options.signal,
  });
  try {
    const stdout = proc.child.stdout as Readable;
    let count = 0;
    for await (const frame of assembleFrames(stdout, size.width, size.height, (p) => proc.watch(p), input.file)) {
      count++;
      yield frame;
    }
    // With no frame to work on, ffmpeg fails to set up its filters ("… after EOF"); say what it means.
    await proc.finish().catch((error: unknown) => {
      if (count === 0 && /after EOF|output file is empty/i.test(proc.stderr)) return;
      throw error;
    });
    if (count === 0) throw new LossyvisionError('INVALID_FILE', 'contains no video frames', { file: input.file });
    if (!options.tolerateErrors && proc.stderr.trim() !== '') {
      throw new LossyvisionError('DECODE_FAILED', `corrupt or truncated video, ffmpeg reported: ${lastLines(proc.stderr)}`, { file: input.file });
    }
  } finally {
    await proc.dispose();
  }
}

/** `-fps_mode passthrough` since ffmpeg 5.1 (libavcodec 59.37); `-vsync passthrough` before. */
export function passthroughArgs(ffmpeg: Pick<Ffmpeg, 'libraries'>): string[] {
  const [major, minor] = (ffmpeg.libraries.libavcodec ?? '0.0').split('.').map(Number);
  return major > 59 || (major === 59 && minor >= 37) ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough'];
}

/** Reads raw RGB frames stored back to back in a file (the pristine store). */
export async function* readRawFrameFile(
  file: string,
  width: number,
  height: number,
  options: { readonly signal?: AbortSignal } = {},
): AsyncGenerator<RgbImage, void, undefined> {
  // A 1 MiB read buffer: frames are large and the file is local.
  const stream = createReadStream(file, { highWaterMark: 1 << 20, signal: options.signal });
  try {
    yield* assembleFrames(stream, width, height, (p) => p, file);
  } finally {
    stream.destroy();
  }
}

/**
 * Cuts a byte stream into width × height × 3 frames. Pulls one chunk at a time, so the
 * stream's own backpressure holds the producer back while the consumer is busy.
 */
async function* assembleFrames(
  stream: Readable,
  width: number,
  height: number,
  wait: <T>(p: Promise<T>) => Promise<T>,
  file: string,
): AsyncGenerator<RgbImage, void, undefined> {
  const frameBytes = width * height * 3;
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  try {
    for (;;) {
      const next = await wait(chunks.next());
      if (next.done) break;
      let chunk = next.value;
      while (chunk.length > 0) {
        const take = Math.min(chunk.length, frameBytes - filled);
        frame.set(chunk.subarray(0, take), filled);
        filled += take;
        chunk = chunk.subarray(take);
        if (filled === frameBytes) {
          yield { width, height, data: frame };
          frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
  } finally {
    await chunks.return?.();
  }
  if (filled !== 0) {
    throw new LossyvisionError('DECODE_FAILED', `stream ended inside a frame (${filled} of ${frameBytes} bytes)`, { file });
  }
}
