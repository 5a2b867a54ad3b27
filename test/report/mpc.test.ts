import { describe, expect, it } from 'vitest';
import { corruptionPerformance } from '../../src/report/mpc.js';

describe('corruptionPerformance (Michaelis et al. 2019)', () => {
  it('averages levels within a codec, then codecs, and divides by clean', () => {
    // jpeg mean (0.6 + 0.4 + 0.2) / 3 = 0.4; webp mean (0.7 + 0.5) / 2 = 0.6; mPC = 0.5; rPC = 0.5 / 0.8.
    const r = corruptionPerformance(0.8, new Map([['jpeg', [0.6, 0.4, 0.2]], ['webp', [0.7, 0.5]]]));
    expect(r.mPC).toBeCloseTo(0.5, 15);
    expect(r.rPC).toBeCloseTo(0.625, 15);
  });

  it('leaves out undefined levels and has no rPC without a clean value', () => {
    expect(corruptionPerformance(null, new Map([['jpeg', [0.3, null]]]))).toEqual({ mPC: 0.3, rPC: null });
    expect(corruptionPerformance(1, new Map([['jpeg', [null]]]))).toEqual({ mPC: null, rPC: null });
  });
});
