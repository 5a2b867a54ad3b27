import { invalidParameter } from '../errors.js';
import type { SweepConfig } from './plan.js';

const positiveInteger = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;

/** Checks a sweep's settings before anything is read (house template, flag names); image and video sweeps alike. */
export function checkSweepConfig(config: SweepConfig): void {
  if (!positiveInteger(config.workers)) throw invalidParameter('integer of at least 1', 'workers', config.workers);
  if (config.maxSamples !== undefined && !positiveInteger(config.maxSamples)) throw invalidParameter('integer of at least 1', 'max-samples', config.maxSamples);
  if (!Number.isInteger(config.seed)) throw invalidParameter('integer', 'seed', config.seed);
  if (!(config.referenceThreshold >= 0 && config.referenceThreshold <= 1)) {
    throw invalidParameter('number between 0 and 1', 'reference-threshold', config.referenceThreshold);
  }
  const video = config.video ?? {};
  if (video.frameStride !== undefined && !positiveInteger(video.frameStride)) throw invalidParameter('integer of at least 1', 'frame-stride', video.frameStride);
  if (video.maxFrames !== undefined && !positiveInteger(video.maxFrames)) throw invalidParameter('integer of at least 1', 'max-frames', video.maxFrames);
}
