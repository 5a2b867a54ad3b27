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
  // Only the post-processing knobs: the loader's other options (threads, task, …) reach here too
  // and must not enter the settings, which are hashed into every cached prediction's key.
  const given = { scoreThreshold: options.scoreThreshold, iouThreshold: options.iouThreshold, maxDetections: options.maxDetections };
  const s = { ...HUMAN_OBJECT_DEFAULTS, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as ZooDetectorSettings;
  if (!is.number(s.scoreThreshold) || !is.inRange(s.scoreThreshold, 0, 1)) throw invalidParameter('number between 0 and 1', 'scoreThreshold', s.scoreThreshold);
  if (!is.number(s.iouThreshold) || !is.inRange(s.iouThreshold, 0, 1)) throw invalidParameter('number between 0 and 1', 'iouThreshold', s.iouThreshold);
  if (!is.integer(s.maxDetections) || s.maxDetections < 1) throw invalidParameter('positive integer', 'maxDetections', s.maxDetections);
  return s;
}
