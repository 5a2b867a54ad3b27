import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { lastLines, runFfmpeg } from './process.js';

/** Where the ffmpeg that ran came from, in the order they are tried. */
export type FfmpegSource = 'FFMPEG_PATH' | 'PATH' | '@ffmpeg-installer/ffmpeg';

/** The ffmpeg found, described for provenance. */
export interface Ffmpeg {
  readonly path: string;
  readonly source: FfmpegSource;
  /** "N-47683-g0e8eb07980-static", "6.1.1-3ubuntu5", … as `ffmpeg -version` says it. */
  readonly version: string;
  /** The ./configure flags it was built with (`--enable-libx264`, …). */
  readonly configuration: readonly string[];
  /** libavcodec, libavformat, … → "58.42.100". */
  readonly libraries: Readonly<Record<string, string>>;
  /** Encoder names (`libx264`, `libsvtav1`, …). */
  readonly encoders: ReadonlySet<string>;
  /** Decoder names and the codec names they decode (`msmpeg4` and `msmpeg4v3`). */
  readonly decoders: ReadonlySet<string>;
  readonly muxers: ReadonlySet<string>;
}

export const FFMPEG_HELP =
  'lossyvision needs ffmpeg for video: set FFMPEG_PATH to an ffmpeg binary, put ffmpeg on PATH (e.g. `apt install ffmpeg`, `brew install ffmpeg`), or `npm install @ffmpeg-installer/ffmpeg`';

const found = new Map<string, Promise<Ffmpeg>>();

/**
 * Finds ffmpeg: `FFMPEG_PATH`, then `ffmpeg` on PATH, then the binary of the npm package
 * `@ffmpeg-installer/ffmpeg`. An FFMPEG_PATH that does not run is an error, not a reason to
 * fall through: the user asked for that binary. The description is cached per binary.
 */
export async function findFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<Ffmpeg> {
  const candidate = await locateFfmpeg(env);
  const key = `${candidate.source}\0${candidate.path}`;
  let described = found.get(key);
  if (!described) {
    described = describeFfmpeg(candidate.path, candidate.source);
    found.set(key, described);
    described.catch(() => found.delete(key));
  }
  return described;
}

/** Which binary findFfmpeg would run, without running it. `bundled` finds the npm package's binary. */
export async function locateFfmpeg(
  env: NodeJS.ProcessEnv = process.env,
  bundled: () => string | undefined = npmFfmpeg,
): Promise<{ path: string; source: FfmpegSource }> {
  const explicit = env.FFMPEG_PATH?.trim();
  if (explicit) {
    if (!(await executable(explicit))) {
      throw new LossyvisionError('UNSUPPORTED', `FFMPEG_PATH is set but is not an executable file; ${FFMPEG_HELP}`, { file: explicit });
    }
    return { path: explicit, source: 'FFMPEG_PATH' };
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    if (await executable(path)) return { path, source: 'PATH' };
  }
  const npmPath = bundled();
  if (npmPath && (await executable(npmPath))) return { path: npmPath, source: '@ffmpeg-installer/ffmpeg' };
  throw new LossyvisionError('UNSUPPORTED', `ffmpeg not found. ${FFMPEG_HELP}`);
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The npm package throws a string when its platform binary is missing; treat that as absent. */
function npmFfmpeg(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require('@ffmpeg-installer/ffmpeg') as { path?: unknown };
    return typeof pkg.path === 'string' ? pkg.path : undefined;
  } catch {
    return undefined;
  }
}

async function describeFfmpeg(path: string, source: FfmpegSource): Promise<Ffmpeg> {
  const options = { what: 'describing ffmpeg', file: path, errorCode: 'UNSUPPORTED' as const, stallTimeoutMs: 30_000 };
  const version = await runFfmpeg(path, ['-version'], options);
  const text = version.stdout.toString('utf8');
  const match = /ffmpeg version (\S+)/.exec(text);
  if (version.code !== 0 || !match) {
    throw new LossyvisionError('UNSUPPORTED', `does not run as ffmpeg (${lastLines(version.stderr || text)}); ${FFMPEG_HELP}`, { file: path });
  }
  const [encoders, decoders, muxers] = await Promise.all([
    runFfmpeg(path, ['-encoders'], options),
    runFfmpeg(path, ['-decoders'], options),
    runFfmpeg(path, ['-muxers'], options),
  ]);
  return {
    path,
    source,
    version: match[1],
    configuration: parseConfiguration(text),
    libraries: parseLibraries(text),
    encoders: parseCodecList(encoders.stdout.toString('utf8')),
    decoders: parseCodecList(decoders.stdout.toString('utf8')),
    muxers: parseMuxers(muxers.stdout.toString('utf8')),
  };
}

/** `configuration: --enable-gpl --enable-libx264 …` → the flags. */
export function parseConfiguration(versionText: string): string[] {
  const line = /^configuration:(.*)$/m.exec(versionText);
  return line ? line[1].trim().split(/\s+/).filter(Boolean) : [];
}

/** `libavcodec     58. 42.100 / 58. 42.100` → { libavcodec: "58.42.100" } (the runtime version). */
export function parseLibraries(versionText: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of versionText.matchAll(/^(lib\w+)\s+(\d+)\.\s*(\d+)\.\s*(\d+)/gm)) out[m[1]] = `${m[2]}.${m[3]}.${m[4]}`;
  return out;
}

/**
 * `-encoders`/`-decoders` rows look like ` V....D msmpeg4   MPEG-4 … version 3 (codec msmpeg4v3)`
 * after a legend ending in `------`. Both the coder's name and the codec it handles go in the
 * set, so `decoders.has(probe.codec)` answers "can this ffmpeg decode it".
 */
export function parseCodecList(text: string): Set<string> {
  const body = text.slice(text.indexOf('------') + 6);
  const names = new Set<string>();
  for (const m of body.matchAll(/^\s*[VAS][.A-Z]{5}\s+(\S+)(.*)$/gm)) {
    names.add(m[1]);
    names.add(/\(codec (\S+)\)\s*$/.exec(m[2])?.[1] ?? m[1]);
  }
  return names;
}

/** `-muxers` rows: `  E ivf   On2 IVF` (one or more names separated by commas). */
export function parseMuxers(text: string): Set<string> {
  const body = text.slice(text.indexOf('--') + 2);
  const names = new Set<string>();
  for (const m of body.matchAll(/^\s*D?E\s+(\S+)/gm)) for (const name of m[1].split(',')) names.add(name);
  return names;
}
