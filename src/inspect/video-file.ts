import { LossyvisionError } from '../errors.js';
import type { Ffmpeg } from '../video/ffmpeg.js';
import { parseProbe } from '../video/probe.js';
import { runFfmpeg } from '../video/process.js';

/** Key-frame spacing over the packets read. */
export interface GopInspection {
  /** Packets (frames) read; at most the limit asked for. */
  readonly frames: number;
  readonly keyFrames: number;
  /** Mean and longest distance between consecutive key frames; null with fewer than two. */
  readonly meanInterval: number | null;
  readonly maxInterval: number | null;
}

export interface VideoInspection {
  readonly container: string;
  /** ffmpeg's codec name: h264, hevc, msmpeg4v3, rawvideo, … */
  readonly codec: string;
  /** The codec profile ffmpeg names ("High", "Main 10"), when it names one. */
  readonly profile: string | null;
  readonly pixelFormat: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly durationS: number | null;
  /** The video stream's bitrate, else the container's, as ffmpeg states it. */
  readonly bitrateKbps: number | null;
  readonly lossy: boolean;
  readonly gop: GopInspection | null;
}

export interface VideoInspectOptions {
  /** Packets read to measure the GOP (default 600); 0 skips it. */
  readonly gopFrames?: number;
  readonly stallTimeoutMs?: number;
}

/**
 * Codec, profile, bitrate and GOP from ffmpeg alone (the npm ffmpeg ships no ffprobe): the
 * input banner of `ffmpeg -i`, then the demuxed packets' key flags (`-c copy -f framecrc`,
 * no decoding).
 */
export async function inspectVideoFile(ffmpeg: Ffmpeg, file: string, options: VideoInspectOptions = {}): Promise<VideoInspection> {
  const { stderr } = await runFfmpeg(ffmpeg.path, ['-hide_banner', '-i', file], { what: 'probing', file, errorCode: 'INVALID_FILE', stallTimeoutMs: options.stallTimeoutMs });
  const probe = parseProbe(file, stderr);
  const gopFrames = options.gopFrames ?? 600;
  return {
    container: probe.container,
    codec: probe.codec,
    profile: profileOf(stderr),
    pixelFormat: probe.pixelFormat,
    width: probe.width,
    height: probe.height,
    fps: probe.fps,
    durationS: probe.durationS ?? null,
    bitrateKbps: bitrateOf(stderr),
    lossy: probe.lossy,
    gop: gopFrames > 0 ? await gopOf(ffmpeg, file, gopFrames, options.stallTimeoutMs) : null,
  };
}

/** "Video: h264 (High) (avc1 / 0x31637661), …": the first parenthesis that is not a fourcc tag. */
export function profileOf(banner: string): string | null {
  const details = /^\s*Stream #0:\d+\S*: Video: \S+((?:\s*\([^)]*\))*)/m.exec(banner)?.[1] ?? '';
  for (const [, inner] of details.matchAll(/\(([^)]*)\)/g)) if (!/ \/ 0x[0-9A-Fa-f]+$/.test(inner)) return inner;
  return null;
}

/** The stream's "N kb/s", else the container's "bitrate: N kb/s". */
export function bitrateOf(banner: string): number | null {
  const stream = /^\s*Stream #0:\d+\S*: Video: .*?(\d+(?:\.\d+)?) kb\/s/m.exec(banner);
  const container = /Duration: .*?bitrate: (\d+(?:\.\d+)?) kb\/s/.exec(banner);
  const text = stream?.[1] ?? container?.[1];
  return text === undefined ? null : Number(text);
}

/** framecrc rows carry ", F=0x…" only when the flags are not exactly "key"; key = flag bit 1. */
async function gopOf(ffmpeg: Ffmpeg, file: string, frames: number, stallTimeoutMs?: number): Promise<GopInspection> {
  const out = await runFfmpeg(ffmpeg.path, ['-loglevel', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-frames:v', String(frames), '-f', 'framecrc', 'pipe:1'], {
    what: 'listing packets',
    file,
    stallTimeoutMs,
  });
  if (out.code !== 0) throw new LossyvisionError('DECODE_FAILED', `could not list the video packets: ${out.stderr.trim()}`, { file });
  const keys: number[] = [];
  let count = 0;
  for (const line of out.stdout.toString('utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const flags = /F=0x([0-9A-Fa-f]+)/.exec(line);
    if (!flags || (parseInt(flags[1], 16) & 1) === 1) keys.push(count);
    count++;
  }
  const gaps = keys.slice(1).map((k, i) => k - keys[i]);
  return {
    frames: count,
    keyFrames: keys.length,
    meanInterval: gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : null,
    maxInterval: gaps.length ? Math.max(...gaps) : null,
  };
}
