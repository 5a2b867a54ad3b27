import { invalidParameter } from '../../errors.js';
import { is } from '../../validate.js';

/** Post-processing knobs of the built-in pose models (the detectors' flags, read for people). */
export interface PoseSettings {
  /** People scoring below this are dropped. */
  scoreThreshold: number;
  /** At most this many people per image, best first. */
  maxDetections: number;
}

/**
 * 0.2 rather than @vladmandic/human's body.minConfidence 0.3: COCO AP ranks every person, so a
 * low cut keeps recall; reference mode applies its own (higher) threshold on top.
 * 20 people: COCO keypoint evaluation's maxDets.
 */
export const POSE_DEFAULTS: PoseSettings = { scoreThreshold: 0.2, maxDetections: 20 };

export function poseSettings(options: { scoreThreshold?: number; maxDetections?: number } = {}): PoseSettings {
  const s: PoseSettings = {
    scoreThreshold: options.scoreThreshold ?? POSE_DEFAULTS.scoreThreshold,
    maxDetections: options.maxDetections ?? POSE_DEFAULTS.maxDetections,
  };
  if (!is.number(s.scoreThreshold) || !is.inRange(s.scoreThreshold, 0, 1)) throw invalidParameter('number between 0 and 1', 'scoreThreshold', s.scoreThreshold);
  if (!is.integer(s.maxDetections) || s.maxDetections < 1) throw invalidParameter('positive integer', 'maxDetections', s.maxDetections);
  return s;
}

/** Keypoints scoring at most this do not count towards a top-down person's score (SimpleBaseline's in_vis_thre). */
export const MIN_KEYPOINT_SCORE = 0.2;

/**
 * The mean score of a person's keypoints above MIN_KEYPOINT_SCORE (0 when none is): the
 * keypoint half of SimpleBaseline/HRNet's rescoring. `keypoints` is COCO [x, y, score, …].
 */
export function meanKeypointScore(keypoints: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (let i = 2; i < keypoints.length; i += 3) {
    if (keypoints[i] > MIN_KEYPOINT_SCORE) {
      sum += keypoints[i];
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/** @vladmandic/human's body.minConfidence: keypoints at or below it are dropped before scoring a body. */
export const HUMAN_MIN_CONFIDENCE = 0.3;

/**
 * A single-pose MoveNet body's score as @vladmandic/human's parseSinglePose gives it: the
 * highest keypoint score above HUMAN_MIN_CONFIDENCE, rounded to two decimals as human rounds
 * each keypoint's (0 when none is above).
 */
export function maxKeypointScore(keypoints: readonly number[]): number {
  let max = 0;
  for (let i = 2; i < keypoints.length; i += 3) if (keypoints[i] > HUMAN_MIN_CONFIDENCE && keypoints[i] > max) max = keypoints[i];
  return Math.round(100 * max) / 100;
}

/** Best first, then cut to maxDetections (stable: equal scores keep model order). */
export function keepBest<T extends { score: number }>(people: T[], settings: PoseSettings): T[] {
  return people
    .filter((p) => p.score >= settings.scoreThreshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, settings.maxDetections);
}
