import type { Direction } from '../metrics/metric.js';
import { invalidParameter } from '../errors.js';

/**
 * How far from pristine a level may fall and still count as safe.
 * - absolute: in the metric's own units. On a 0–1 metric (AP, accuracy) one "point" of the
 *   study's percentages is 0.01, the default.
 * - relative: a fraction of the pristine value, e.g. 0.01 = within 1 % of pristine.
 */
export interface Tolerance {
  readonly kind: 'absolute' | 'relative';
  readonly amount: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { kind: 'absolute', amount: 0.01 };

export function describeTolerance(t: Tolerance): string {
  return t.kind === 'absolute' ? `within ${t.amount} (absolute, metric units) of pristine` : `within ${t.amount * 100} % of the pristine value`;
}

export function validateTolerance(t: Tolerance): Tolerance {
  if (!(t.kind === 'absolute' || t.kind === 'relative')) throw invalidParameter('one of absolute, relative', 'tolerance kind', t.kind);
  if (!(Number.isFinite(t.amount) && t.amount >= 0)) throw invalidParameter('number of at least 0', 'tolerance', t.amount);
  return t;
}

/** One level of one codec, as the threshold sees it. */
export interface LevelValue {
  readonly level: number;
  /** The metric there; null when undefined (no scored samples). */
  readonly value: number | null;
}

export interface LevelVerdict extends LevelValue {
  /** value − pristine, signed so that negative is worse whatever the metric's direction. */
  readonly change: number | null;
  readonly withinTolerance: boolean;
}

export interface SafeThreshold {
  /** The most compressed safe level, or null: no level is safe. */
  readonly safe: number | null;
  /** The worst value still accepted. */
  readonly limit: number;
  /** Levels least to most compressed, each judged. */
  readonly levels: readonly LevelVerdict[];
}

/** The value beyond which a level is unsafe. */
export function toleranceLimit(pristine: number, tolerance: Tolerance, direction: Direction): number {
  const slack = tolerance.kind === 'absolute' ? tolerance.amount : Math.abs(pristine) * tolerance.amount;
  return direction === 'higher' ? pristine - slack : pristine + slack;
}

/**
 * The safe threshold: walking from the least to the most compressed level, the last level
 * before the first one that leaves the tolerance. Stopping at the first failure keeps the
 * promise users read into it — every level at least this mild is safe too — instead of
 * rewarding a lucky level beyond an unsafe one. An undefined metric counts as unsafe.
 * `levels` must be ordered least to most compressed (see `compressionOrder`).
 */
export function safeThreshold(pristine: number, levels: readonly LevelValue[], tolerance: Tolerance = DEFAULT_TOLERANCE, direction: Direction = 'higher'): SafeThreshold {
  const limit = toleranceLimit(pristine, tolerance, direction);
  // A tiny slack absorbs float noise such as 0.99 − 1 vs −0.01.
  const eps = 1e-12 * Math.max(1, Math.abs(pristine));
  let safe: number | null = null;
  let broken = false;
  const verdicts = levels.map((l) => {
    const within = l.value !== null && (direction === 'higher' ? l.value >= limit - eps : l.value <= limit + eps);
    if (!within) broken = true;
    if (within && !broken) safe = l.level;
    const change = l.value === null ? null : direction === 'higher' ? l.value - pristine : pristine - l.value;
    return { ...l, change, withinTolerance: within };
  });
  return { safe, limit, levels: verdicts };
}

/**
 * Orders levels least to most compressed: by the codec's declared direction when known
 * (JPEG quality: high to low; CRF: low to high), else by falling bits per pixel.
 */
export function compressionOrder<T extends { level: number; bpp: number | null }>(levels: readonly T[], mostCompressed?: 'min' | 'max'): T[] {
  const sorted = [...levels];
  if (mostCompressed === 'min') return sorted.sort((a, b) => b.level - a.level);
  if (mostCompressed === 'max') return sorted.sort((a, b) => a.level - b.level);
  return sorted.sort((a, b) => (b.bpp ?? -Infinity) - (a.bpp ?? -Infinity));
}
