import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bdRate, type RatePoint } from '../../src/report/bdrate.js';
import { evaluatePchip, integratePchip, pchip } from '../../src/report/pchip.js';

/** Made by test/fixtures/report/bdrate-reference.py with scipy's PchipInterpolator. */
const vectors = JSON.parse(readFileSync(new URL('../fixtures/report/bdrate-vectors.json', import.meta.url), 'utf8')) as {
  bdrate: { name: string; reference: RatePoint[]; test: RatePoint[]; expected: { bdRatePercent: number; bdMetric: number; metricRange: [number, number] } }[];
  pchip: { x: number[]; y: number[]; probe: number[]; values: number[]; integral: [number, number, number] };
};

describe('pchip', () => {
  it('matches scipy.interpolate.PchipInterpolator values and exact integral', () => {
    const p = pchip(vectors.pchip.x, vectors.pchip.y);
    vectors.pchip.probe.forEach((v, i) => expect(evaluatePchip(p, v)).toBeCloseTo(vectors.pchip.values[i], 12));
    const [a, b, integral] = vectors.pchip.integral;
    expect(integratePchip(p, a, b)).toBeCloseTo(integral, 12);
  });

  it('is a straight line through two knots and refuses unsorted knots', () => {
    const p = pchip([0, 2], [1, 5]);
    expect(evaluatePchip(p, 0.5)).toBeCloseTo(2, 14);
    expect(integratePchip(p, 0, 2)).toBeCloseTo(6, 14);
    expect(() => pchip([0, 0, 1], [1, 2, 3])).toThrow(/strictly increasing/);
  });
});

describe('bdRate', () => {
  for (const v of vectors.bdrate) {
    it(`matches the scipy reference: ${v.name}`, () => {
      const r = bdRate(v.reference, v.test);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.bdRatePercent).toBeCloseTo(v.expected.bdRatePercent, 9);
      expect(r.bdMetric).toBeCloseTo(v.expected.bdMetric, 9);
      expect(r.metricRange[0]).toBeCloseTo(v.expected.metricRange[0], 12);
      expect(r.metricRange[1]).toBeCloseTo(v.expected.metricRange[1], 12);
    });
  }

  it('is 0 for a codec against itself and −50 % for the same curve at half the rate', () => {
    const ref = vectors.bdrate[1].reference;
    const same = bdRate(ref, ref);
    expect(same.ok && same.bdRatePercent).toBeCloseTo(0, 12);
    const half = bdRate(ref, ref.map((p) => ({ bpp: p.bpp / 2, metric: p.metric })));
    expect(half.ok && half.bdRatePercent).toBeCloseTo(-50, 10);
  });

  it('says when the curves do not overlap, or when a curve is flat', () => {
    const low = [{ bpp: 0.1, metric: 0.1 }, { bpp: 0.2, metric: 0.2 }];
    const high = [{ bpp: 1, metric: 0.5 }, { bpp: 2, metric: 0.6 }];
    expect(bdRate(low, high)).toEqual({ ok: false, reason: 'the curves do not overlap in metric (reference 0.1–0.2, test 0.5–0.6)' });
    const flat = [{ bpp: 0.5, metric: 1 }, { bpp: 1, metric: 1 }];
    expect(bdRate(high, flat)).toEqual({ ok: false, reason: 'each curve needs at least two points with distinct metric values' });
  });
});
