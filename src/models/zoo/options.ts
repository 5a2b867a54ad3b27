import { invalidParameter } from '../../errors.js';
import { is } from '../../validate.js';

/** Post-processing knobs of the built-in detectors; defaults are @vladmandic/human's config. */
export interface ZooDetectorOptions {
  scoreThreshold?: number;
  iouThreshold?: number;
  maxDetections?: number;
}

export interface ZooDetectorSettings {
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
}

/** human's `config.object`: minConfidence 0.2, iouThreshold 0.4, maxDetected 10. */
export const HUMAN_OBJECT_DEFAULTS: ZooDetectorSettings = { scoreThreshold: 0.2, iouThreshold: 0.4, maxDetections: 10 };

export function zooDetectorSettings(options: ZooDetectorOptions = {}): ZooDetectorSettings {
  const s = { ...HUMAN_OBJECT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  if (!is.number(s.scoreThreshold) || !is.inRange(s.scoreThreshold, 0, 1)) throw invalidParameter('number between 0 and 1', 'scoreThreshold', s.scoreThreshold);
  if (!is.number(s.iouThreshold) || !is.inRange(s.iouThreshold, 0, 1)) throw invalidParameter('number between 0 and 1', 'iouThreshold', s.iouThreshold);
  if (!is.integer(s.maxDetections) || s.maxDetections < 1) throw invalidParameter('positive integer', 'maxDetections', s.maxDetections);
  return s;
}
