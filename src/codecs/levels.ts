import { invalidParameter, LossyvisionError, unknownId } from '../errors.js';
import type { LevelSpec } from './codec.js';
import { describeLevel, validateLevel } from './level.js';
import { type CodecParam, type CodecParams, resolveParams } from './params.js';
import { codecIds, imageCodecs } from './registry.js';
import { videoCodecSpecs } from './video-specs.js';
import { videoCodecs } from '../video/registry.js';

/**
 * One codec and the levels to run it at, parsed from the level grammar:
 *
 *   spec   := codec [":" levels] {"@" name "=" value}
 *   levels := item {"," item}
 *   item   := level | from ".." to ["/" step]
 *
 * e.g. `jpeg:95,75,50,15,10,5`, `jpeg:5..95/5` (5, 10, …, 95), `webp:90..10/20` (descending),
 * `avif:30,60@effort=4@chroma=444`, `png` (the codec's default level). A range stops at the
 * last value that does not pass `to`. Repeated levels are kept once, in first-seen order.
 * `@` separates parameters because it needs no shell quoting and never appears in a level.
 */
export interface CodecLevels {
  readonly codec: string;
  readonly kind: 'image' | 'video';
  readonly levels: readonly number[];
  /** All parameters, validated, defaults filled in. */
  readonly params: CodecParams;
}

interface KnownCodec {
  readonly kind: 'image' | 'video';
  readonly level: LevelSpec;
  readonly params: readonly CodecParam[];
}

function knownCodec(id: string): KnownCodec {
  const image = imageCodecs.get(id);
  if (image) return image;
  // Video codecs' parameters (rc, preset, gop, …) are declared by their ffmpeg implementations.
  const video = videoCodecs.get(id);
  const spec = videoCodecSpecs.get(id);
  if (video && spec) return { kind: 'video', level: spec.level, params: video.params };
  throw unknownId('codec', id, codecIds());
}

/** With `@rc=bitrate` a video level is a target in kbit/s, not a CRF. */
const BITRATE_LEVEL: LevelSpec = { name: 'kbit/s', min: 1, max: 1_000_000, integer: false, mostCompressed: 'min' };

/** The level range of any codec id the grammar knows (image or video). */
export function levelSpecOf(codec: string): LevelSpec {
  return knownCodec(codec).level;
}

export function parseCodecLevels(text: string): CodecLevels {
  const [head, ...paramTexts] = text.trim().split('@');
  const colon = head.indexOf(':');
  const codec = (colon < 0 ? head : head.slice(0, colon)).trim().toLowerCase();
  const known = knownCodec(codec);
  const given: Record<string, string> = {};
  for (const paramText of paramTexts) {
    const eq = paramText.indexOf('=');
    if (eq <= 0) {
      throw new LossyvisionError('INVALID_ARGUMENT', `Expected name=value after "@" in "${text}" but received "${paramText}"`);
    }
    given[paramText.slice(0, eq).trim()] = paramText.slice(eq + 1).trim();
  }
  const params = resolveParams(codec, known.params, given);
  const levelSpec = known.kind === 'video' && params.rc === 'bitrate' ? BITRATE_LEVEL : known.level;
  const levels = colon < 0 ? defaultLevels(codec, levelSpec) : parseLevelList(head.slice(colon + 1), levelSpec, codec);
  return { codec, kind: known.kind, levels, params };
}

function defaultLevels(codec: string, spec: LevelSpec): number[] {
  if (spec.default !== undefined) return [spec.default];
  throw new LossyvisionError('INVALID_ARGUMENT', `Expected levels after "${codec}:" (${spec.name}, ${describeLevel(spec)})`);
}

function parseLevelList(text: string, spec: LevelSpec, codec: string): number[] {
  if (text.trim() === '') {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected levels after "${codec}:" (${spec.name}, ${describeLevel(spec)})`);
  }
  const levels: number[] = [];
  for (const item of text.split(',')) {
    for (const level of parseItem(item.trim(), spec)) if (!levels.includes(level)) levels.push(level);
  }
  return levels;
}

function parseItem(item: string, spec: LevelSpec): number[] {
  const range = /^(.*?)\.\.(.*?)(?:\/(.*))?$/.exec(item);
  if (!range) return [validateLevel(spec, toNumber(item))];
  const from = validateLevel(spec, toNumber(range[1].trim()));
  const to = validateLevel(spec, toNumber(range[2].trim()));
  const step = range[3] === undefined ? 1 : toNumber(range[3].trim());
  if (typeof step !== 'number' || !(step > 0) || (spec.integer && !Number.isInteger(step))) {
    throw invalidParameter(spec.integer ? 'positive integer' : 'positive number', `${spec.name} step`, step);
  }
  const out: number[] = [];
  const direction = to >= from ? 1 : -1;
  // Count steps instead of adding repeatedly, so fractional steps do not drift.
  const count = Math.floor(Math.abs(to - from) / step + 1e-9);
  for (let i = 0; i <= count; i++) out.push(from + direction * i * step);
  return out;
}

/** Numeric-looking text becomes a number; anything else stays text so the message shows it. */
function toNumber(text: string): number | string {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : text;
}

/** Canonical text of a parsed spec, parameters that differ from their defaults only. */
export function formatCodecLevels(spec: CodecLevels): string {
  const known = knownCodec(spec.codec);
  const params = known.params
    .filter((p) => spec.params[p.name] !== p.default)
    .map((p) => `@${p.name}=${String(spec.params[p.name])}`)
    .join('');
  return `${spec.codec}:${spec.levels.join(',')}${params}`;
}

/** Named level sets from the literature. */
export const presets: ReadonlyMap<string, readonly string[]> = new Map([
  // Poyser et al., ICPR 2020.
  ['paper', ['jpeg:95,75,50,15,10,5', 'h264:23,25,30,40,50']],
  // Hendrycks & Dietterich, ICLR 2019: ImageNet-C "JPEG compression" severities 1–5.
  ['imagenet-c', ['jpeg:25,18,15,10,7']],
]);

export function presetLevels(name: string): CodecLevels[] {
  const specs = presets.get(name);
  if (!specs) throw unknownId('preset', name, presets.keys());
  return specs.map(parseCodecLevels);
}

/**
 * A codec setting's name: the codec id plus the parameters that differ from their defaults,
 * in the level grammar's form ("jpeg", "jpeg@chroma=444", "h264@preset=fast"). Results store
 * it as the codec, so two settings of one codec stay two curves.
 */
export function settingLabel(codec: string, params: CodecParams = {}): string {
  let known: KnownCodec;
  try {
    known = knownCodec(codec);
  } catch {
    return codec; // pristine, or a codec this build does not know
  }
  const differing = known.params.filter((p) => params[p.name] !== undefined && params[p.name] !== p.default);
  return `${codec}${differing.map((p) => `@${p.name}=${String(params[p.name])}`).join('')}`;
}

/** The codec id of a setting label: "jpeg@chroma=444" → "jpeg". */
export function settingCodec(label: string): string {
  const at = label.indexOf('@');
  return at < 0 ? label : label.slice(0, at);
}

/** The name of a codec setting's level scale: "quality", "crf", "compression", "kbit/s" (`@rc=bitrate`); "level" for a codec this build does not know. */
export function levelScale(setting: string): string {
  if (/@rc=bitrate\b/.test(setting)) return BITRATE_LEVEL.name;
  try {
    return levelSpecOf(settingCodec(setting)).name;
  } catch {
    return 'level';
  }
}
