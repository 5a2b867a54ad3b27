import type { CodecParams } from '../codecs/params.js';
import { canonicalJson, sha256 } from './cache.js';

/** The key of a source video's pristine record (frame digests): what decoded it and how many frames. */
export function pristineVideoKey(sourceSha256: string, ffmpegVersion: string, maxFrames: number | undefined): string {
  return sha256(canonicalJson({ v: 1, source: sourceSha256, ffmpeg: ffmpegVersion, maxFrames: maxFrames ?? null }));
}

/** The key of one video encode's record: the pristine frames, the codec settings and the encoder build. */
export function videoEncodeKey(parts: { pristine: string; codec: string; level: number; params: CodecParams; encoder: string; version: string }): string {
  return sha256(canonicalJson({ v: 1, ...parts }));
}
