import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { csvField } from '../csv.js';
import { writeFileAtomic } from '../files.js';
import { infinityReplacer } from '../json.js';

/**
 * One video coded at one level: the exact stream figures for video codecs, and for image
 * codecs applied frame by frame the scored frames' bytes and the kbps they would make.
 */
export interface VideoStream {
  readonly video: string;
  readonly codec: string;
  /** The codec setting as the results store names its cells ("h264", "h264@preset=fast"), so two settings of one codec stay apart. */
  readonly setting: string;
  readonly level: number;
  /** The encoder and its library version (libx264 core 164, libvips 8.17 …). */
  readonly encoder: string;
  /** Frames coded: the whole video for video codecs, the scored frames for image codecs. */
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Codec payload (sum of packet sizes, or of image files). */
  readonly bytes: number;
  /** Raw-bitstream container bytes, listed apart (IVF headers); 0 for Annex B and images. */
  readonly containerBytes: number;
  readonly kbps: number;
  readonly bpp: number;
  /** Mean over coded frames; Infinity when every frame is identical. */
  readonly meanPsnr: number;
  readonly meanSsim: number;
  /** The source's own codec; a lossy source makes every level a double compression. */
  readonly sourceCodec: string;
  readonly sourceLossy: boolean;
}

const COLUMNS: [string, (s: VideoStream) => string][] = [
  ['video', (s) => s.video],
  ['codec', (s) => s.codec],
  ['level', (s) => String(s.level)],
  ['kbps', (s) => s.kbps.toFixed(1)],
  ['bpp', (s) => s.bpp.toFixed(4)],
  ['bytes', (s) => String(s.bytes)],
  ['container', (s) => String(s.containerBytes)],
  ['frames', (s) => String(s.frames)],
  ['PSNR (dB)', (s) => (s.meanPsnr === Infinity ? '∞' : s.meanPsnr.toFixed(2))],
  ['SSIM', (s) => s.meanSsim.toFixed(4)],
  ['encoder', (s) => s.encoder],
];

/** The streams as a plain-text table for the terminal, with the double-compression note. */
export function formatStreams(streams: readonly VideoStream[]): string {
  if (streams.length === 0) return '';
  const rows = streams.map((s) => COLUMNS.map(([, f]) => f(s)));
  const header = COLUMNS.map(([h]) => h);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const pad = (cells: string[]): string => cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const lines = [pad(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(pad)];
  const lossy = [...new Set(streams.filter((s) => s.sourceLossy).map((s) => `${s.video} (${s.sourceCodec})`))];
  if (lossy.length > 0) lines.push(`note: already lossy source${lossy.length > 1 ? 's' : ''} ${lossy.join(', ')}: every level is a double compression`);
  lines.push('image codecs code each scored frame alone: their kbps is what every frame coded that way would make at the video\'s frame rate');
  return `${lines.join('\n')}\n`;
}

export function streamsCsv(streams: readonly VideoStream[]): string {
  const header = ['video', 'codec', 'level', 'kbps', 'bpp', 'bytes', 'container_bytes', 'frames', 'width', 'height', 'fps', 'mean_psnr', 'mean_ssim', 'encoder', 'source_codec', 'source_lossy'];
  const rows = streams.map((s) =>
    [s.video, s.codec, s.level, s.kbps, s.bpp, s.bytes, s.containerBytes, s.frames, s.width, s.height, s.fps, s.meanPsnr === Infinity ? 'inf' : s.meanPsnr, s.meanSsim, s.encoder, s.sourceCodec, s.sourceLossy].map((v) =>
      csvField(String(v)),
    ),
  );
  return `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`;
}

/** Writes `<out>/streams.csv` and `<out>/streams.json` beside the sweep's own files. */
export async function storeStreams(streams: readonly VideoStream[], outDir: string): Promise<{ csv: string; json: string }> {
  const files = { csv: join(outDir, 'streams.csv'), json: join(outDir, 'streams.json') };
  await writeFileAtomic(files.csv, streamsCsv(streams));
  await writeFileAtomic(files.json, `${JSON.stringify(streams, infinityReplacer, 2)}\n`);
  return files;
}

/** `<dir>/streams.json` as `storeStreams` wrote it ("Infinity" back to Infinity). */
export async function readStreams(dir: string): Promise<VideoStream[]> {
  const path = join(dir, 'streams.json');
  try {
    return JSON.parse(await readFile(path, 'utf8'), (_key, value: unknown) => (value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value)) as VideoStream[];
  } catch (error) {
    throw new LossyvisionError('INVALID_FILE', `the shard's video streams cannot be read: ${error instanceof Error ? error.message : String(error)}`, { file: path });
  }
}
