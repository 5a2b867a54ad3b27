import { LossyvisionError, unknownId } from '../errors.js';
import { avif } from './avif.js';
import type { ImageCodec } from './codec.js';
import { intraH264 } from './intra-h264.js';
import { jpeg } from './jpeg.js';
import { mozjpeg } from './mozjpeg.js';
import { png } from './png.js';
import { videoCodecSpecs } from './video-specs.js';
import { webp } from './webp.js';

/** Every image codec by id; `lossyvision codecs` lists them in this order. */
export const imageCodecs: ReadonlyMap<string, ImageCodec> = new Map(
  [jpeg, mozjpeg, webp, avif, png].map((codec) => [codec.id, codec]),
);

/**
 * Video codecs that also code still images, each image as one intra frame (see intra-h264.ts).
 * Kept apart from `imageCodecs`: on video data the same id is the video codec, coding whole clips.
 */
export const intraCodecs: ReadonlyMap<string, ImageCodec> = new Map([[intraH264.id, intraH264]]);

/** All codec ids the level grammar knows, image then video. */
export function codecIds(): string[] {
  return [...imageCodecs.keys(), ...videoCodecSpecs.keys()];
}

export function getImageCodec(id: string): ImageCodec {
  const codec = imageCodecs.get(id) ?? intraCodecs.get(id);
  if (codec) return codec;
  if (videoCodecSpecs.has(id)) {
    // A video codec where an image codec is needed is a category mistake, not a typo: say which it is.
    throw new LossyvisionError('UNKNOWN_ID', `"${id}" is a video codec, but this needs an image codec: one of ${[...imageCodecs.keys(), ...intraCodecs.keys()].join(', ')} (video codecs apply to video data, e.g. \`lossyvision run --data clip.mp4 --codec ${id}:23\`)`);
  }
  throw unknownId('codec', id, codecIds());
}
