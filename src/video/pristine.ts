import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { invalidParameter, LossyvisionError } from '../errors.js';
import { makeTempDir, removeTempDir } from '../temp-files.js';
import type { RgbImage } from '../media/image.js';
import { type Ffmpeg, findFfmpeg } from './ffmpeg.js';
import { decodeFrames, readRawFrameFile } from './frames.js';
import { probeVideo, type VideoProbe } from './probe.js';

export interface PristineOptions {
  /** Use only the first N frames. */
  readonly maxFrames?: number;
  /** Scale frames to this size when decoding the source (area filter). */
  readonly size?: { readonly width: number; readonly height: number };
  /** Accept a source that decodes with errors (see FrameStreamOptions.tolerateErrors). */
  readonly tolerateErrors?: boolean;
  /** Where the decoded frames are kept: a fresh folder in here; default the temp root (the CLI's `--tmp`, else `<out>/tmp`; the OS temp dir for library use). */
  readonly tempDir?: string;
  readonly stallTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /** An ffmpeg already found; found with findFfmpeg() otherwise. */
  readonly ffmpeg?: Ffmpeg;
}

/** Where the pristine frames came from. */
export interface PristineSource {
  readonly file: string;
  readonly probe: VideoProbe;
  /** The source already went through a lossy codec: every level measures double compression. */
  readonly lossy: boolean;
}

/**
 * The reference frames of one video, decoded once from the source and kept as raw RGB on
 * disk (width × height × 3 bytes a frame), so that every level is encoded from exactly the
 * same frames and never from a previous level's output, and a long video never sits in
 * memory. `frames()` streams them as often as needed; `dispose()` deletes them.
 */
export class PristineVideo {
  private disposed = false;

  private constructor(
    readonly ffmpeg: Ffmpeg,
    readonly width: number,
    readonly height: number,
    /** For raw encoder input: "10", "30000/1001". */
    readonly frameRate: string,
    readonly fps: number,
    readonly frameCount: number,
    readonly source: PristineSource | undefined,
    private readonly dir: string,
    private readonly rawFile: string,
  ) {}

  /** Decodes `file` once. Bad input (missing, corrupt, no frames, unknown codec) throws a LossyvisionError naming it. */
  static async fromFile(file: string, options: PristineOptions = {}): Promise<PristineVideo> {
    const ffmpeg = options.ffmpeg ?? (await findFfmpeg());
    const probe = await probeVideo(ffmpeg, file, options);
    const frames = decodeFrames(ffmpeg, { file }, probe, options);
    const size = options.size ?? probe;
    return PristineVideo.store(ffmpeg, frames, size.width, size.height, probe.frameRate, probe.fps, { file, probe, lossy: probe.lossy }, options);
  }

  /** Keeps frames made in code (synthetic clips, frames from another reader: `source` says which). */
  static async fromFrames(
    frames: AsyncIterable<RgbImage> | Iterable<RgbImage>,
    frameRate: string,
    options: Pick<PristineOptions, 'tempDir' | 'ffmpeg' | 'maxFrames'> & { readonly source?: PristineSource } = {},
  ): Promise<PristineVideo> {
    const ffmpeg = options.ffmpeg ?? (await findFfmpeg());
    const [num, den] = frameRate.split('/').map(Number);
    const fps = den ? num / den : num;
    if (!(fps > 0)) throw invalidParameter('positive frame rate such as "25" or "30000/1001"', 'frameRate', frameRate);
    let width = 0;
    let height = 0;
    async function* sized(): AsyncGenerator<RgbImage> {
      for await (const frame of frames) {
        if (width === 0) ({ width, height } = frame);
        if (frame.width !== width || frame.height !== height || frame.data.length !== width * height * 3) {
          throw new LossyvisionError('INVALID_ARGUMENT', `Expected every frame to be ${width}×${height} RGB but received ${frame.width}×${frame.height}`);
        }
        yield frame;
      }
    }
    const iterator = sized();
    // The size is known only from the first frame; peek at it.
    const first = await iterator.next();
    async function* all(): AsyncGenerator<RgbImage> {
      if (!first.done) yield first.value;
      yield* iterator;
    }
    return PristineVideo.store(ffmpeg, all(), width, height, frameRate, fps, options.source, options);
  }

  private static async store(
    ffmpeg: Ffmpeg,
    frames: AsyncIterable<RgbImage>,
    width: number,
    height: number,
    frameRate: string,
    fps: number,
    source: PristineSource | undefined,
    options: Pick<PristineOptions, 'tempDir' | 'maxFrames'>,
  ): Promise<PristineVideo> {
    const dir = await makeTempDir('video', options.tempDir);
    const rawFile = join(dir, `pristine-${width}x${height}.rgb`);
    const out = createWriteStream(rawFile);
    let count = 0;
    try {
      for await (const frame of frames) {
        if (options.maxFrames !== undefined && count >= options.maxFrames) break;
        if (!out.write(frame.data)) await new Promise<void>((resolve) => out.once('drain', resolve));
        count++;
      }
      out.end();
      await finished(out);
      if (count === 0) {
        throw new LossyvisionError('INVALID_FILE', 'contains no video frames', { file: source?.file });
      }
    } catch (error) {
      out.destroy();
      await removeTempDir(dir);
      throw error;
    }
    return new PristineVideo(ffmpeg, width, height, frameRate, fps, count, source, dir, rawFile);
  }

  /** Duration in seconds at the source frame rate. */
  get durationS(): number {
    return this.frameCount / this.fps;
  }

  /** Streams the pristine frames in order, one at a time. */
  frames(options: { readonly signal?: AbortSignal } = {}): AsyncGenerator<RgbImage, void, undefined> {
    if (this.disposed) throw new LossyvisionError('INVALID_ARGUMENT', 'pristine frames were already disposed');
    return readRawFrameFile(this.rawFile, this.width, this.height, options);
  }

  /** The raw frame file, for feeding an encoder directly. */
  get rawPath(): string {
    return this.rawFile;
  }

  /** Deletes the stored frames. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await removeTempDir(this.dir);
  }
}
