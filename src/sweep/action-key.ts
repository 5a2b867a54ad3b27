import { imageCodecs } from '../codecs/registry.js';
import type { ClipSampling } from '../tasks/action/types.js';
import { canonicalJson, sha256, type SweepCache } from './cache.js';
import type { Condition } from './plan.js';

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
