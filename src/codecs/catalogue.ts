import sharp from 'sharp';
import type { LevelSpec } from './codec.js';
import { presets } from './levels.js';
import type { CodecParam } from './params.js';
import { imageCodecs } from './registry.js';
import { videoCodecSpecs } from './video-specs.js';
import { videoCodecs } from '../video/registry.js';

export interface CodecEntry {
  readonly id: string;
  readonly kind: 'image' | 'video';
  readonly description: string;
  readonly level: LevelSpec;
  readonly params: readonly CodecParam[];
  readonly lossless: boolean;
  /** False for video codecs until the ffmpeg found is checked (`lossyvision codecs` does). */
  readonly available: boolean;
  /** Why a video codec cannot run with the ffmpeg found. */
  readonly unavailableReason?: string;
  readonly versions: Record<string, string>;
}

export interface CodecCatalogue {
  readonly codecs: readonly CodecEntry[];
  readonly presets: Readonly<Record<string, readonly string[]>>;
  /** Every library version sharp reports, for provenance. */
  readonly libraries: Record<string, string>;
}

/** Everything `lossyvision codecs` shows, as data. */
export function codecCatalogue(): CodecCatalogue {
  const images: CodecEntry[] = [...imageCodecs.values()].map((c) => ({
    id: c.id,
    kind: 'image',
    description: c.description,
    level: c.level,
    params: c.params,
    lossless: c.lossless,
    available: true,
    versions: c.versions(),
  }));
  const videos: CodecEntry[] = [...videoCodecSpecs.values()].map((v) => ({
    id: v.id,
    kind: 'video',
    description: v.description,
    level: v.level,
    params: videoCodecs.get(v.id)?.params ?? v.params,
    lossless: false,
    available: false,
    versions: {},
  }));
  const all = sharp.versions as Record<string, string | undefined>;
  const libraries = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
  return { codecs: [...images, ...videos], presets: Object.fromEntries(presets), libraries };
}
