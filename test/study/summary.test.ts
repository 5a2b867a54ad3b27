import { describe, expect, it } from 'vitest';
import { fractionOfPristine, normalisedArea } from '../../src/study/summary.js';

describe('study summary', () => {
  it('orients fractions of pristine so that lower is worse whatever the direction', () => {
    expect(fractionOfPristine(0.3, 0.6, 'higher')).toBe(0.5);
    // An error (AbsRel) doubling keeps half.
    expect(fractionOfPristine(0.2, 0.1, 'lower')).toBe(0.5);
    expect(fractionOfPristine(0.5, 0, 'higher')).toBeNull();
    expect(fractionOfPristine(0, 0.1, 'lower')).toBeNull();
    expect(fractionOfPristine(null, 0.6, 'higher')).toBeNull();
  });

  it('averages the fraction kept over the swept bpp range by the trapezoid rule', () => {
    // (1 + 0.5) / 2 × 1 + (0.5 + 0.25) / 2 × 2 = 1.5, over a range of 3 bpp.
    expect(normalisedArea([{ bpp: 3, fraction: 0.25 }, { bpp: 0, fraction: 1 }, { bpp: 1, fraction: 0.5 }])).toEqual({ area: 0.5, bppRange: [0, 3] });
    expect(normalisedArea([{ bpp: 2, fraction: 0.8 }])).toEqual({ area: 0.8, bppRange: [2, 2] });
    expect(normalisedArea([])).toBeNull();
  });
});
