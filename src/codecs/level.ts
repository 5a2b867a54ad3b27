import { invalidParameter } from '../errors.js';
import type { LevelSpec } from './codec.js';

/** The range as messages say it: "integer between 1 and 100". */
export function describeLevel(spec: LevelSpec): string {
  return `${spec.integer ? 'integer' : 'number'} between ${spec.min} and ${spec.max}`;
}

/**
 * Checks one level against its codec's range, with sharp's message template:
 * "Expected integer between 1 and 100 for quality but received 0 of type number".
 */
export function validateLevel(spec: LevelSpec, level: unknown): number {
  const ok =
    typeof level === 'number' &&
    Number.isFinite(level) &&
    (!spec.integer || Number.isInteger(level)) &&
    level >= spec.min &&
    level <= spec.max;
  if (!ok) throw invalidParameter(describeLevel(spec), spec.name, level);
  return level;
}
