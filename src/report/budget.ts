import type { Direction } from '../metrics/metric.js';
import type { CodecAnalysis, ModelAnalysis } from './analysis.js';
import { toleranceLimit, type Tolerance } from './threshold.js';

/**
 * The budget answer: the smallest mean bits per pixel (and kbps for video) at which the metric
 * stays within the tolerance of pristine with the bootstrap's confidence, per codec setting and
 * over all of them.
 *
 * Per level, the *margin* of one resample is how far its value lies inside the tolerance:
 * value − limit(pristine) on the same resampled samples (paired), signed so that positive is
 * inside whatever the metric's direction. A level is safe "with 95 % confidence" when the 5th
 * percentile of its margins (a one-sided 95 % lower bound) is at least 0. Walking from the least
 * to the most compressed level, the budget lies where that bound first crosses 0, linearly
 * interpolated in log bpp between the last safe and the first unsafe level (as the threshold,
 * a lucky level beyond an unsafe one does not count).
 */
export interface BudgetLevel {
  readonly level: number;
  readonly bpp: number | null;
  readonly kbps: number | null;
  /** The one-sided lower confidence bound of the margin; null without resamples. */
  readonly marginLowerBound: number | null;
  readonly safe: boolean;
}

export interface CodecBudget {
  /** The codec setting as stored ("jpeg", "jpeg@chroma=444", "webp"). */
  readonly codec: string;
  /**
   * - interpolated: the bound crosses 0 between two tested levels (`between`);
   * - lowest-tested: every tested level is safe, so the budget is at most the lowest bpp tested;
   * - none: not even the mildest level is safe with this confidence;
   * - unavailable: no per-sample states or no bpp (see `reason`).
   */
  readonly status: 'interpolated' | 'lowest-tested' | 'none' | 'unavailable';
  readonly bpp: number | null;
  readonly kbps: number | null;
  /** The last safe and the first unsafe level, when interpolated. */
  readonly between: readonly [number, number] | null;
  readonly levels: readonly BudgetLevel[];
  readonly reason?: string;
}

export interface ModelBudget {
  readonly task: string;
  readonly model: string;
  readonly metric: string;
  readonly confidence: number;
  /** The smallest budget over the codec settings that reach one; null when none does. */
  readonly bpp: number | null;
  readonly kbps: number | null;
  /** Which setting reaches it. */
  readonly codec: string | null;
  /** Settings with no safe level at this confidence. */
  readonly notReached: readonly string[];
  readonly codecs: readonly CodecBudget[];
}

/** One point of a rate–accuracy curve with its resampled margins (least to most compressed order). */
export interface MarginPoint {
  readonly level: number;
  readonly bpp: number | null;
  readonly kbps?: number | null;
  /** Margin per resample; null = the metric was undefined there (counts as outside). */
  readonly margins: readonly (number | null)[];
}

/**
 * Lower one-sided bound: the (1 − confidence) quantile of the margins, linear between order
 * statistics (numpy's default); an undefined margin counts as −∞, and a quantile touching one is −∞.
 */
export function marginLowerBound(margins: readonly (number | null)[], confidence: number): number | null {
  if (margins.length === 0) return null;
  const sorted = margins.map((m) => (m === null || Number.isNaN(m) ? -Infinity : m)).sort((a, b) => a - b);
  // Rounded so that 10 · (1 − 0.9) is position 1, not 0.9999999999999998.
  const position = Math.round((sorted.length - 1) * (1 - confidence) * 1e9) / 1e9;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  if (sorted[lo] === -Infinity) return -Infinity;
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/** Margins of one level: value − limit(pristine) per resample, positive = inside the tolerance. */
export function marginsOf(pristine: readonly (number | null)[], values: readonly (number | null)[], tolerance: Tolerance, direction: Direction): (number | null)[] {
  return values.map((v, r) => {
    const p = pristine[r];
    if (v === null || p === null) return null;
    const limit = toleranceLimit(p, tolerance, direction);
    return direction === 'higher' ? v - limit : limit - v;
  });
}

const EPS = 1e-12;

/** The budget along one codec's curve (see the interface notes for the rule). */
export function curveBudget(codec: string, points: readonly MarginPoint[], confidence: number): CodecBudget {
  const levels = points.map((p): BudgetLevel => {
    const bound = marginLowerBound(p.margins, confidence);
    return { level: p.level, bpp: p.bpp, kbps: p.kbps ?? null, marginLowerBound: bound, safe: bound !== null && bound >= -EPS };
  });
  const none = (status: CodecBudget['status'], reason?: string): CodecBudget => ({ codec, status, bpp: null, kbps: null, between: null, levels, ...(reason ? { reason } : {}) });
  if (levels.length === 0 || levels.some((l) => l.marginLowerBound === null)) return none('unavailable', 'no per-sample metric states to resample');
  if (levels.some((l) => l.bpp === null || !(l.bpp > 0))) return none('unavailable', 'a level has no bits per pixel');
  const firstUnsafe = levels.findIndex((l) => !l.safe);
  if (firstUnsafe === 0) return none('none');
  if (firstUnsafe === -1) {
    const last = levels[levels.length - 1];
    return { codec, status: 'lowest-tested', bpp: last.bpp, kbps: last.kbps, between: null, levels };
  }
  const a = levels[firstUnsafe - 1];
  const b = levels[firstUnsafe];
  const [ma, mb] = [a.marginLowerBound as number, b.marginLowerBound as number];
  // Where the bound reaches 0 on the segment, as a fraction from a to b (b's bound may be −∞).
  const t = Number.isFinite(mb) ? ma / (ma - mb) : 0;
  const logLerp = (x: number, y: number) => Math.exp(Math.log(x) + t * (Math.log(y) - Math.log(x)));
  return {
    codec,
    status: 'interpolated',
    bpp: logLerp(a.bpp as number, b.bpp as number),
    kbps: a.kbps !== null && b.kbps !== null && a.kbps > 0 && b.kbps > 0 ? logLerp(a.kbps, b.kbps) : null,
    between: [a.level, b.level],
    levels,
  };
}

/** The budget of one model over all its codec settings; `kbpsOf` gives mean kbps per (codec, level) for video. */
export function modelBudget(model: ModelAnalysis, tolerance: Tolerance, kbpsOf: (codec: string, level: number) => number | null = () => null): ModelBudget {
  const confidence = model.codecs.find((c) => c.thresholdInterval)?.thresholdInterval?.confidence ?? 0.95;
  const codecs = model.codecs.map((c) => curveBudget(c.codec, pointsOf(c, tolerance, model.direction, kbpsOf), confidence));
  const reached = codecs.filter((c) => c.bpp !== null).sort((x, y) => (x.bpp as number) - (y.bpp as number));
  const best = reached[0];
  return {
    task: model.task,
    model: model.model,
    metric: `${model.column.family}/${model.column.metric}`,
    confidence,
    bpp: best?.bpp ?? null,
    kbps: best?.kbps ?? null,
    codec: best?.codec ?? null,
    notReached: codecs.filter((c) => c.status === 'none').map((c) => c.codec),
    codecs,
  };
}

function pointsOf(c: CodecAnalysis, tolerance: Tolerance, direction: Direction, kbpsOf: (codec: string, level: number) => number | null): MarginPoint[] {
  return c.levels.map((l, i) => ({
    level: l.level,
    bpp: l.cell.bpp,
    kbps: kbpsOf(c.codec, l.level),
    margins: c.replicates ? marginsOf(c.replicates.pristine, c.replicates.levels[i], tolerance, direction) : [],
  }));
}

/** One sentence for the report. */
export function describeBudget(b: ModelBudget): string {
  const rate = (bpp: number | null, kbps: number | null) => `${bpp === null ? '–' : bpp.toFixed(3)} bpp${kbps === null ? '' : ` (${kbps.toFixed(0)} kbps)`}`;
  const pct = `${Math.round(b.confidence * 100)} %`;
  if (b.codecs.every((c) => c.status === 'unavailable')) return `${b.model}: no budget — ${b.codecs[0]?.reason ?? 'no compressed levels'}.`;
  const parts: string[] = [];
  if (b.bpp === null) parts.push(`${b.model}: no tested setting stays within the tolerance with ${pct} confidence.`);
  else {
    const best = b.codecs.find((c) => c.codec === b.codec)!;
    const how = best.status === 'lowest-tested' ? 'at most; every tested level is safe' : `between ${best.codec} ${best.between?.[0]} and ${best.between?.[1]}`;
    parts.push(`${b.model}: ${rate(b.bpp, b.kbps)} with ${b.codec} (${how}) keeps ${b.metric} within the tolerance with ${pct} confidence.`);
    for (const c of b.codecs) {
      if (c === best || c.bpp === null) continue;
      parts.push(`${c.codec} needs ${rate(c.bpp, c.kbps)}${c.status === 'lowest-tested' ? ' at most' : ''} (×${(c.bpp / b.bpp).toFixed(2)}).`);
    }
  }
  if (b.notReached.length) parts.push(`Not reached at any tested level: ${b.notReached.join(', ')}.`);
  return parts.join(' ');
}
