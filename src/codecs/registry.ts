import { LossyvisionError, unknownId } from '../errors.js';
import { avif } from './avif.js';
import type { ImageCodec } from './codec.js';
import { jpeg } from './jpeg.js';
import { mozjpeg } from './mozjpeg.js';
import { png } from './png.js';
import { videoCodecSpecs } from './video-specs.js';
import { webp } from './webp.js';

/** Every image codec by id; `lossyvision codecs` lists them in this order. */
export const imageCodecs: ReadonlyMap<string, ImageCodec> = new Map(
  [jpeg, mozjpeg, webp, avif, png].map((codec) => [codec.id, codec]),
);

/** All codec ids the level grammar knows, image then video. */
export function codecIds(): string[] {
  return [...imageCodecs.keys(), ...videoCodecSpecs.keys()];
}

export function getImageCodec(id: string): ImageCodec {
  const codec = imageCodecs.get(id);
  if (codec) return codec;
  if (videoCodecSpecs.has(id)) {
    // A video codec where an image codec is needed is a category mistake, not a typo: say which it is.
    throw new LossyvisionError('UNKNOWN_ID', `"${id}" is a video codec, but this needs an image codec: one of ${[...imageCodecs.keys()].join(', ')} (video codecs apply to video data, e.g. \`lossyvision run --data clip.mp4 --codec ${id}:23\`)`);
  }
  throw unknownId('codec', id, codecIds());
}
