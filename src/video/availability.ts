import { LossyvisionError } from '../errors.js';
import type { VideoCodec } from './codec.js';
import type { Ffmpeg } from './ffmpeg.js';
import { videoCodecs } from './registry.js';

/** Whether a video codec runs with the ffmpeg found, and if not, why. */
export interface VideoCodecAvailability {
  readonly id: string;
  readonly available: boolean;
  /** The ffmpeg encoder that will run (the first of the codec's encoders this ffmpeg has). */
  readonly encoder?: string;
  /** Why not, in words, when unavailable. */
  readonly reason?: string;
}

/** Checks encoder, raw-bitstream muxer and a decoder for the stream (to measure fidelity). */
export function videoCodecAvailability(codec: VideoCodec, ffmpeg: Ffmpeg): VideoCodecAvailability {
  const encoder = codec.encoders.find((e) => ffmpeg.encoders.has(e));
  const missing: string[] = [];
  if (!encoder) missing.push(`encoder ${codec.encoders.join(' or ')}`);
  if (!ffmpeg.muxers.has(codec.bitstream.muxer)) missing.push(`the ${codec.bitstream.muxer} muxer`);
  if (!ffmpeg.decoders.has(codec.streamCodec)) missing.push(`a ${codec.streamCodec} decoder`);
  if (missing.length === 0) return { id: codec.id, available: true, encoder };
  return {
    id: codec.id,
    available: false,
    reason: `the ffmpeg at ${ffmpeg.path} (${ffmpeg.version}, from ${ffmpeg.source}) has no ${missing.join(', no ')}; set FFMPEG_PATH to an ffmpeg built with it`,
  };
}

/** Every video codec's availability with this ffmpeg, for `lossyvision codecs`. */
export function listVideoCodecAvailability(ffmpeg: Ffmpeg): VideoCodecAvailability[] {
  return [...videoCodecs.values()].map((c) => videoCodecAvailability(c, ffmpeg));
}

/** The encoder to run, or a LossyvisionError saying what this ffmpeg lacks. */
export function encoderFor(codec: VideoCodec, ffmpeg: Ffmpeg): string {
  const availability = videoCodecAvailability(codec, ffmpeg);
  if (!availability.encoder || !availability.available) {
    throw new LossyvisionError('UNSUPPORTED', `video codec ${codec.id} is unavailable: ${availability.reason}`);
  }
  return availability.encoder;
}
