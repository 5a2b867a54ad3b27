import { stat } from 'node:fs/promises';
import { LossyvisionError } from '../errors.js';
import type { Ffmpeg } from './ffmpeg.js';
import { lastLines, runFfmpeg } from './process.js';

/** What ffmpeg's input banner says about a video file's first video stream. */
export interface VideoProbe {
  readonly file: string;
  /** Demuxer name(s) as ffmpeg prints them: "avi", "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm". */
  readonly container: string;
  /** ffmpeg's codec name: "h264", "msmpeg4v3", "rawvideo", … */
  readonly codec: string;
  readonly pixelFormat: string;
  readonly width: number;
  readonly height: number;
  /** Frame rate as ffmpeg takes it on a command line: "10", "30000/1001". */
  readonly frameRate: string;
  /** The same, as a number of frames per second. */
  readonly fps: number;
  /** Container duration in seconds, when the container states one. */
  readonly durationS?: number;
  /**
   * True when the stored frames already went through a lossy codec, so compressing them again
   * measures double compression. Anything not known to be lossless counts as lossy.
   */
  readonly lossy: boolean;
}

/** Codecs whose frames are exact: a source in one of these is pristine. */
const LOSSLESS_CODECS = new Set([
  'rawvideo',
  'ffv1',
  'ffvhuff',
  'huffyuv',
  'utvideo',
  'magicyuv',
  'png',
  'apng',
  'qtrle',
  'bmp',
  'tiff',
  'gif',
  'v210',
  'v308',
  'v408',
  'v410',
  'r210',
  'zlib',
  'lagarith',
]);

/** ffmpeg prints NTSC rates rounded; give the encoder the exact rational. */
const NTSC_RATES = new Map([
  ['23.98', '24000/1001'],
  ['29.97', '30000/1001'],
  ['59.94', '60000/1001'],
  ['119.88', '120000/1001'],
]);

/**
 * Reads the file's header through `ffmpeg -i` (no ffprobe needed: the npm ffmpeg ships none).
 * Errors name the file: missing, not a video ffmpeg can read, no video stream, a codec this
 * ffmpeg cannot decode.
 */
export async function probeVideo(ffmpeg: Ffmpeg, file: string, options: { stallTimeoutMs?: number; signal?: AbortSignal } = {}): Promise<VideoProbe> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new LossyvisionError('FILE_NOT_FOUND', 'is not a file', { file });
  } catch (error) {
    if (error instanceof LossyvisionError) throw error;
    throw new LossyvisionError('FILE_NOT_FOUND', 'video file not found', { file }, { cause: error });
  }
  // `-i` alone prints the input banner and exits 1 ("at least one output file"); that is expected.
  const { stderr } = await runFfmpeg(ffmpeg.path, ['-i', file], { what: 'probing', file, errorCode: 'INVALID_FILE', ...options });
  return parseProbe(file, stderr, ffmpeg);
}

/** Parses the `Input #0, …` banner. Exported for tests of odd banners. */
export function parseProbe(file: string, banner: string, ffmpeg?: Pick<Ffmpeg, 'decoders'>): VideoProbe {
  const input = /^Input #0, (.+?), from /m.exec(banner);
  if (!input) {
    throw new LossyvisionError('INVALID_FILE', `not a video file ffmpeg can read (${lastLines(banner, 1)})`, { file });
  }
  const stream = /^\s*Stream #0:\d+\S*: Video: (\S+?),?\s(.*)$/m.exec(banner);
  if (!stream) throw new LossyvisionError('INVALID_FILE', 'has no video stream', { file });
  const codec = stream[1];
  const rest = stream[2];
  if (codec === 'none' || (ffmpeg && !ffmpeg.decoders.has(codec))) {
    const tag = /\((\w{4}) \/ 0x[0-9A-Fa-f]+\)/.exec(rest)?.[1];
    throw new LossyvisionError(
      'UNSUPPORTED',
      `video codec ${codec === 'none' ? 'unknown to ffmpeg' : `"${codec}"`}${tag ? ` (fourcc "${tag}")` : ''} cannot be decoded by this ffmpeg`,
      { file },
    );
  }
  const size = /(?:^|[\s,])(\d{1,5})x(\d{1,5})(?:[\s,[]|$)/.exec(rest);
  if (!size) throw new LossyvisionError('INVALID_FILE', 'video stream has no frame size', { file });
  const rate = /([\d.]+)(k?) fps/.exec(rest) ?? /([\d.]+)(k?) tbr/.exec(rest);
  if (!rate) throw new LossyvisionError('INVALID_FILE', 'video stream has no frame rate', { file });
  const rateText = rate[2] === 'k' ? String(Number(rate[1]) * 1000) : rate[1];
  const frameRate = NTSC_RATES.get(rateText) ?? rateText;
  const [num, den] = frameRate.split('/').map(Number);
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(banner);
  // The pixel format is the first field after the codec's parenthesised details.
  const pixelFormat = /^([a-z0-9_]+)/.exec(rest.replace(/^(\s*\([^)]*\))*\s*,?\s*/, ''))?.[1] ?? 'unknown';
  return {
    file,
    container: input[1],
    codec,
    pixelFormat,
    width: Number(size[1]),
    height: Number(size[2]),
    frameRate,
    fps: den ? num / den : num,
    durationS: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : undefined,
    lossy: !LOSSLESS_CODECS.has(codec),
  };
}
