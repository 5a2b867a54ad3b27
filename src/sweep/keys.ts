import { resolvedParams } from './conditions.js';
import type { SweepCache } from './cache.js';
import type { Condition } from './plan.js';

/**
 * The cache key of one image-codec bitstream: the source, the codec, its level and resolved
 * parameters, and the codec library versions (the run's own, when read back by the report).
 * Built here only, so the sweep, video frames and the report's visuals find the same entries.
 */
export function imageBitstreamKey(cache: SweepCache, sourceSha256: string, condition: Condition & { level: number }, versions: Record<string, string>): string {
  return cache.bitstreamKey({ sourceSha256, codec: condition.codec, level: condition.level, params: resolvedParams(condition), versions });
}
