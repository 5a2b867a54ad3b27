import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LossyvisionError, quote } from '../errors.js';
import { readInputText } from '../media/input-file.js';
import { resolveInside } from './paths.js';

/**
 * A MOTChallenge sequence as distributed: `SEQ/seqinfo.ini`, frames `SEQ/img1/000001.jpg …`
 * and (train sequences) `SEQ/gt/gt.txt`. Its frames are a video whose samples are images.
 */
export interface ImageSequence {
  /** The sequence folder. */
  readonly dir: string;
  readonly name: string;
  /** Frame rate as ffmpeg takes it on a command line ("30", "14"). */
  readonly frameRate: string;
  /** Absolute frame paths in order: frame i (0-based) is MOT frame i + 1. */
  readonly frames: readonly string[];
  /** Frame size stated by seqinfo.ini, checked against the decoded frames. */
  readonly width?: number;
  readonly height?: number;
}

export const SEQINFO = 'seqinfo.ini';

export function isMotSequence(dir: string): boolean {
  return existsSync(join(dir, SEQINFO));
}

/** `key=value` lines of the `[Sequence]` section (MOT writes no other section). */
function parseIni(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#') || line.startsWith('[')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return values;
}

/**
 * Reads seqinfo.ini (frameRate, seqLength, imExt required; imDir defaults to img1; imWidth and
 * imHeight checked when given) and checks that every frame 000001…seqLength is there, so a
 * missing frame is named here rather than found halfway through a sweep.
 */
export async function readMotSequence(dir: string): Promise<ImageSequence> {
  const file = join(dir, SEQINFO);
  const text = await readInputText(file, { what: 'a MOTChallenge seqinfo.ini' });
  const ini = parseIni(text);
  const positive = (key: string, integer: boolean): number | undefined => {
    const value = ini.get(key.toLowerCase());
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!(n > 0) || (integer && !Number.isInteger(n))) {
      throw new LossyvisionError('INVALID_FILE', `Expected ${key} to be a positive ${integer ? 'integer' : 'number'} but received "${quote(String(value))}"`, { file, entry: key });
    }
    return n;
  };
  const required = <T>(key: string, value: T | undefined): T => {
    if (value === undefined) throw new LossyvisionError('INVALID_FILE', `Expected ${key}= in the [Sequence] section`, { file, entry: key });
    return value;
  };
  const frameRate = required('frameRate', positive('frameRate', false));
  const length = required('seqLength', positive('seqLength', true));
  const ext = required('imExt', ini.get('imext'));
  const imDir = resolveInside(dir, ini.get('imdir') ?? 'img1', { file, entry: 'imDir' });
  let present: Set<string>;
  try {
    present = new Set(await readdir(imDir));
  } catch (error) {
    throw new LossyvisionError('FILE_NOT_FOUND', `Expected the frame folder named by imDir but it cannot be read`, { file: imDir }, { cause: error });
  }
  const frames: string[] = [];
  for (let n = 1; n <= length; n++) {
    const name = `${String(n).padStart(6, '0')}${ext.startsWith('.') ? ext : `.${ext}`}`;
    if (!present.has(name)) {
      throw new LossyvisionError('INVALID_FILE', `Expected seqLength=${length} frames numbered from 000001 but ${name} is missing`, { file: imDir });
    }
    frames.push(join(imDir, name));
  }
  return {
    dir,
    name: ini.get('name') ?? dir.split(/[\\/]/).filter(Boolean).at(-1) ?? dir,
    frameRate: String(frameRate),
    frames,
    width: positive('imWidth', true),
    height: positive('imHeight', true),
  };
}
