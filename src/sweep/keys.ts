import type { CodecParams } from '../codecs/params.js';
import { imageCodecs } from '../codecs/registry.js';
import type { ClipSampling } from '../tasks/action/types.js';
import { canonicalJson } from '../json.js';
import { sha256, type SweepCache } from './cache.js';
import { resolvedParams } from './conditions.js';
import type { Condition } from './plan.js';

/* Every cache key a sweep or the report builds is made here, from resolved parameters. */

/**
 * The cache key of one image-codec bitstream: the source, the codec, its level and resolved
 * parameters, and the codec library versions (the run's own, when read back by the report).
 * Built here only, so the sweep, video frames and the report's visuals find the same entries.
 */
export function imageBitstreamKey(cache: SweepCache, sourceSha256: string, condition: Condition & { level: number }, versions: Record<string, string>): string {
  return cache.bitstreamKey({ sourceSha256, codec: condition.codec, level: condition.level, params: resolvedParams(condition), versions });
}

/** The key of a source video's pristine record (frame digests): what decoded it and how many frames. */
export function pristineVideoKey(sourceSha256: string, ffmpegVersion: string, maxFrames: number | undefined): string {
  return sha256(canonicalJson({ v: 1, source: sourceSha256, ffmpeg: ffmpegVersion, maxFrames: maxFrames ?? null }));
}

/** The key of one video encode's record: the pristine frames, the codec settings and the encoder build. */
export function videoEncodeKey(parts: { pristine: string; codec: string; level: number; params: CodecParams; encoder: string; version: string }): string {
  return sha256(canonicalJson({ v: 1, ...parts }));
}

/** What one action video's cached outcome under one condition depends on. */
export interface ActionOutcomeParts {
  /** sha256 of the video file. */
  readonly source: string;
  readonly condition: Condition;
  /** The ffmpeg that decodes (and, for video codecs, encodes) it. */
  readonly ffmpegVersion: string;
  readonly sampling: ClipSampling;
  readonly size: { readonly width: number; readonly height: number } | null;
}

/** The prediction-cache key of one video's outcome (clip scores per stream, bpp, PSNR, SSIM) under one condition. */
export function actionOutcomeKey(cache: SweepCache, parts: ActionOutcomeParts, modelHash: string): string {
  const { source, condition, ffmpegVersion, sampling, size } = parts;
  const versions = imageCodecs.get(condition.codec)?.versions() ?? { ffmpeg: ffmpegVersion };
  return cache.predictionKey(sha256(canonicalJson({ v: 1, task: 'action', source, condition, versions, sampling, size })), modelHash);
}
