import { unknownId } from '../errors.js';
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
    throw unknownId('image codec', id, imageCodecs.keys());
  }
  throw unknownId('codec', id, codecIds());
}
