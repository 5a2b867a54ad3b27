import type { Ffmpeg } from './ffmpeg.js';
import { runFfmpeg } from './process.js';

/**
 * Where each encoder library states its version when it runs: x264 in an SEI message inside
 * the bitstream, the others on stderr at ffmpeg's info log level.
 */
const VERSION_PATTERNS: ReadonlyMap<string, RegExp> = new Map([
  ['libx264', /x264 - core (\d+(?: r\d+)?(?: [0-9a-f]+)?)/],
  ['libx265', /HEVC encoder version (\S+)/],
  ['libvpx-vp9', /\[libvpx-vp9 @ [^\]]+\] (v?\d[^\s]*)/],
  ['libaom-av1', /\[libaom-av1 @ [^\]]+\] (v?\d[^\s]*)/],
  ['libsvtav1', /SVT-AV1 Encoder Lib (v?\d\S*)/i],
]);

const cache = new Map<string, Promise<string>>();

/**
 * The encoder library's version ("157 r2935 545de2f" for x264, "2.9+8-27d8424c799d" for x265,
 * …), learned once per ffmpeg and encoder from a one-frame 64×64 encode. "unknown" when the
 * library does not say.
 */
export function encoderVersion(ffmpeg: Ffmpeg, encoder: string): Promise<string> {
  const key = `${ffmpeg.path}\0${encoder}`;
  let version = cache.get(key);
  if (!version) {
    version = probeVersion(ffmpeg, encoder);
    cache.set(key, version);
  }
  return version;
}

async function probeVersion(ffmpeg: Ffmpeg, encoder: string): Promise<string> {
  const pattern = VERSION_PATTERNS.get(encoder);
  if (!pattern) return 'unknown';
  const out = await runFfmpeg(
    ffmpeg.path,
    ['-loglevel', 'info', '-f', 'lavfi', '-i', 'color=c=gray:s=64x64:r=10', '-frames:v', '1', '-c:v', encoder, '-strict', 'experimental', '-pix_fmt', 'yuv420p', '-f', 'matroska', 'pipe:1'],
    { what: `asking ${encoder} for its version`, errorCode: 'UNSUPPORTED', stallTimeoutMs: 30_000 },
  );
  const match = pattern.exec(out.stderr) ?? pattern.exec(out.stdout.toString('latin1'));
  return match ? match[1] : 'unknown';
}
