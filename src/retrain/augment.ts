import { getImageCodec, intraCodecs } from '../codecs/registry.js';
import { parseCodecLevels } from '../codecs/levels.js';
import type { CodecParams } from '../codecs/params.js';
import { LossyvisionError, invalidParameter } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import { videoCodecs } from '../video/registry.js';
import type { TrainingRng } from './rng.js';

/**
 * How training images are compressed, through the project's real codecs:
 * - none: pristine (pre-training);
 * - fixed: every image at one level (the study's protocol), compressed once;
 * - mixed: each image, each epoch, at a level drawn uniformly from a list;
 * - random: with probability p, at an integer level drawn uniformly from [min, max], else pristine —
 *   albumentations' ImageCompression(quality_range=(min, max), p) and torchvision's
 *   JPEG(quality=(min, max)) when p = 1.
 */
export type Augmentation =
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed'; readonly codec: string; readonly level: number; readonly params: CodecParams }
  | { readonly kind: 'mixed'; readonly codec: string; readonly levels: readonly number[]; readonly params: CodecParams }
  | { readonly kind: 'random'; readonly codec: string; readonly min: number; readonly max: number; readonly p: number; readonly params: CodecParams };

/**
 * Image tasks take image codecs (each image on its own); video tasks take video codecs (each clip
 * encoded as one video). `role` says where the level was given ("training", "test").
 */
export function checkCodecKind(codec: string, kind: 'image' | 'video', role: string): void {
  // h264 codes images too, one intra frame each (intra-h264.ts).
  if (kind === 'image' && intraCodecs.has(codec)) return;
  const given = videoCodecs.has(codec) ? 'video' : 'image';
  if (given === kind) return;
  if (kind === 'image') throw new LossyvisionError('UNSUPPORTED', `Expected an image codec for ${role} but received the video codec ${codec}; video codecs apply to the video task (--task action)`);
  throw new LossyvisionError('UNSUPPORTED', `Expected a video codec (${[...videoCodecs.keys()].join(', ')}) for ${role} on video clips but received the image codec ${codec}; a clip is encoded as one video, e.g. h264:40`);
}

/** `jpeg:10` → fixed, `jpeg:5,10,15` → mixed; `h264:40` for a video task (`kind` "video"). */
export function trainingLevels(spec: string, kind: 'image' | 'video' = 'image'): Augmentation {
  const parsed = parseCodecLevels(spec);
  checkCodecKind(parsed.codec, kind, 'training');
  return parsed.levels.length === 1
    ? { kind: 'fixed', codec: parsed.codec, level: parsed.levels[0], params: parsed.params }
    : { kind: 'mixed', codec: parsed.codec, levels: parsed.levels, params: parsed.params };
}

/** `jpeg:5..50` with p → random levels between the smallest and largest listed. */
export function randomLevels(spec: string, p: number, kind: 'image' | 'video' = 'image'): Augmentation {
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw invalidParameter('number between 0 and 1', 'p', p);
  const parsed = parseCodecLevels(spec);
  checkCodecKind(parsed.codec, kind, 'augmentation');
  return { kind: 'random', codec: parsed.codec, min: Math.min(...parsed.levels), max: Math.max(...parsed.levels), p, params: parsed.params };
}

/** "jpeg:10", "jpeg:5,10,15 mixed", "jpeg:5..50 p=0.5", "pristine". */
export function describeAugmentation(a: Augmentation): string {
  switch (a.kind) {
    case 'none': return 'pristine';
    case 'fixed': return `${a.codec}:${a.level}`;
    case 'mixed': return `${a.codec}:${a.levels.join(',')} mixed`;
    case 'random': return `${a.codec}:${a.min}..${a.max} p=${a.p}`;
  }
}

/**
 * One epoch's draws: the level for each image (null = pristine). Drawn up front, in image order,
 * so an epoch's randomness is a function of the RNG state at its start (resume replays it).
 */
export function drawLevels(a: Augmentation, count: number, rng: TrainingRng): (number | null)[] {
  switch (a.kind) {
    case 'none': return new Array<null>(count).fill(null);
    case 'fixed': return new Array<number>(count).fill(a.level);
    case 'mixed': return Array.from({ length: count }, () => a.levels[rng.int(a.levels.length)]);
    case 'random': return Array.from({ length: count }, () => {
      const apply = rng.next() < a.p;
      const level = a.min + rng.int(a.max - a.min + 1);
      return apply ? level : null;
    });
  }
}

/**
 * Compresses images at the given levels (null: kept pristine) and decodes them back. sharp runs
 * on libuv's thread pool, so several encodes in flight use the other cores while TF.js trains.
 */
export async function compressImages(images: readonly RgbImage[], levels: readonly (number | null)[], codecId: string, params: CodecParams, concurrency = 8): Promise<RgbImage[]> {
  const codec = getImageCodec(codecId);
  const out: RgbImage[] = new Array<RgbImage>(images.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < images.length) {
      const i = next++;
      const level = levels[i];
      // Training wants the pixels only: no PSNR or SSIM.
      out[i] = level === null ? images[i] : (await codec.encode(images[i], level, params as Record<string, string | number | boolean>, 'none')).decoded;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return out;
}

/** Codec and params of an augmentation, when it compresses at all. */
export function codecOf(a: Augmentation): { codec: string; params: CodecParams } | undefined {
  return a.kind === 'none' ? undefined : { codec: a.codec, params: a.params };
}
