import { integratePchip, pchip } from './pchip.js';

/** One operating point of a codec: mean bits per pixel and the task metric there. */
export interface RatePoint {
  readonly bpp: number;
  readonly metric: number;
}

export type BdResult =
  | {
      readonly ok: true;
      /** Average rate difference at equal metric, in percent: −20 means 20 % fewer bits than the reference. */
      readonly bdRatePercent: number;
      /** Average metric difference at equal rate (BD-PSNR's analogue), in the metric's own units. */
      readonly bdMetric: number;
      /** The metric interval both curves cover, over which rates were compared. */
      readonly metricRange: readonly [number, number];
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Curve points sorted by x; of points with equal x only the first after sorting by preference is kept
 * (pchip needs strictly increasing knots). Returns undefined when fewer than two distinct points remain.
 */
function knots(points: readonly RatePoint[], x: (p: RatePoint) => number, y: (p: RatePoint) => number, prefer: (a: RatePoint, b: RatePoint) => number) {
  const sorted = [...points].sort((a, b) => x(a) - x(b) || prefer(a, b));
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of sorted) {
    if (xs.length > 0 && x(p) === xs[xs.length - 1]) continue;
    xs.push(x(p));
    ys.push(y(p));
  }
  return xs.length >= 2 ? { xs, ys } : undefined;
}

/**
 * Bjøntegaard delta rate of `test` against `reference` at equal task metric, the JVET/VCEG way:
 * log10(rate) interpolated as a function of the metric with piecewise cubic Hermite (pchip)
 * curves, integrated exactly over the metric interval both curves cover, averaged, and turned
 * back into a percentage, 100·(10^Δ − 1). Points with equal metric keep the cheapest rate: the
 * others are dominated. BD-metric does the same with the roles swapped (metric over log-rate).
 */
export function bdRate(reference: readonly RatePoint[], test: readonly RatePoint[]): BdResult {
  const usable = (ps: readonly RatePoint[]) => ps.filter((p) => p.bpp > 0 && Number.isFinite(p.bpp) && Number.isFinite(p.metric));
  const ref = usable(reference);
  const tst = usable(test);
  const logRate = (p: RatePoint) => Math.log10(p.bpp);
  const metric = (p: RatePoint) => p.metric;
  const cheaper = (a: RatePoint, b: RatePoint) => a.bpp - b.bpp;
  const better = (a: RatePoint, b: RatePoint) => b.metric - a.metric;
  const refByMetric = knots(ref, metric, logRate, cheaper);
  const tstByMetric = knots(tst, metric, logRate, cheaper);
  if (!refByMetric || !tstByMetric) return { ok: false, reason: 'each curve needs at least two points with distinct metric values' };
  const lo = Math.max(refByMetric.xs[0], tstByMetric.xs[0]);
  const hi = Math.min(refByMetric.xs.at(-1)!, tstByMetric.xs.at(-1)!);
  if (!(hi > lo)) {
    return { ok: false, reason: `the curves do not overlap in metric (reference ${fmt(refByMetric.xs[0])}–${fmt(refByMetric.xs.at(-1)!)}, test ${fmt(tstByMetric.xs[0])}–${fmt(tstByMetric.xs.at(-1)!)})` };
  }
  const avgRef = integratePchip(pchip(refByMetric.xs, refByMetric.ys), lo, hi) / (hi - lo);
  const avgTst = integratePchip(pchip(tstByMetric.xs, tstByMetric.ys), lo, hi) / (hi - lo);
  const bdRatePercent = (10 ** (avgTst - avgRef) - 1) * 100;

  const refByRate = knots(ref, logRate, metric, better)!;
  const tstByRate = knots(tst, logRate, metric, better)!;
  let bdMetric = NaN;
  if (refByRate && tstByRate) {
    const rlo = Math.max(refByRate.xs[0], tstByRate.xs[0]);
    const rhi = Math.min(refByRate.xs.at(-1)!, tstByRate.xs.at(-1)!);
    if (rhi > rlo) {
      bdMetric = (integratePchip(pchip(tstByRate.xs, tstByRate.ys), rlo, rhi) - integratePchip(pchip(refByRate.xs, refByRate.ys), rlo, rhi)) / (rhi - rlo);
    }
  }
  return { ok: true, bdRatePercent, bdMetric, metricRange: [lo, hi] };
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
