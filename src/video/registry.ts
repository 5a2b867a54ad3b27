import { unknownId } from '../errors.js';
import type { VideoCodec } from './codec.js';
import { av1 } from './codecs/av1.js';
import { h264 } from './codecs/h264.js';
import { h265 } from './codecs/h265.js';
import { vp9 } from './codecs/vp9.js';

/** Every video codec, by id. Which of them run depends on the ffmpeg found (see availability.ts). */
export const videoCodecs: ReadonlyMap<string, VideoCodec> = new Map([h264, h265, vp9, av1].map((c) => [c.id, c]));

export function getVideoCodec(id: string): VideoCodec {
  const codec = videoCodecs.get(id.toLowerCase());
  if (!codec) throw unknownId('video codec', id, videoCodecs.keys());
  return codec;
}
