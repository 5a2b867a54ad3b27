import { describe, expect, it } from 'vitest';
import { compressionOrder, safeThreshold, toleranceLimit } from '../../src/report/threshold.js';

/** The study's detection column (mAP, JPEG quality): pristine 0.703. */
const STUDY = [
  { level: 95, value: 0.703 },
  { level: 75, value: 0.699 },
  { level: 50, value: 0.666 },
  { level: 15, value: 0.545 },
  { level: 5, value: 0.187 },
];

describe('safeThreshold', () => {
  it('picks the most compressed level within 1 point (0.01) of pristine', () => {
    const t = safeThreshold(0.703, STUDY);
    expect(t.safe).toBe(75);
    expect(t.limit).toBeCloseTo(0.693, 15);
    expect(t.levels.map((l) => l.withinTolerance)).toEqual([true, true, false, false, false]);
    expect(t.levels[4].change).toBeCloseTo(-0.516, 15);
  });

  it('accepts a level exactly one point down despite float noise', () => {
    expect(safeThreshold(1, [{ level: 50, value: 0.99 }]).safe).toBe(50);
  });

  it('stops at the first unsafe level even when a harsher one recovers', () => {
    const t = safeThreshold(0.7, [{ level: 90, value: 0.7 }, { level: 50, value: 0.6 }, { level: 10, value: 0.7 }]);
    expect(t.safe).toBe(90);
  });

  it('says no level is safe with null, and counts an undefined metric as unsafe', () => {
    expect(safeThreshold(0.703, STUDY.slice(2)).safe).toBeNull();
    expect(safeThreshold(0.5, [{ level: 90, value: null }, { level: 50, value: 0.5 }]).safe).toBeNull();
  });

  it('takes a relative tolerance as a fraction of pristine, and knows lower-is-better metrics', () => {
    expect(safeThreshold(0.703, STUDY, { kind: 'relative', amount: 0.06 }).safe).toBe(50); // limit 0.66082
    expect(toleranceLimit(0.2, { kind: 'relative', amount: 0.1 }, 'lower')).toBeCloseTo(0.22, 15);
    const t = safeThreshold(0.1, [{ level: 23, value: 0.105 }, { level: 40, value: 0.2 }], { kind: 'absolute', amount: 0.01 }, 'lower');
    expect(t.safe).toBe(23);
    expect(t.levels[1].change).toBeCloseTo(-0.1, 15);
  });
});

describe('compressionOrder', () => {
  const levels = [{ level: 10, bpp: 0.2 }, { level: 90, bpp: 2 }, { level: 50, bpp: 0.7 }];
  it('follows the codec level direction, else falling bpp', () => {
    expect(compressionOrder(levels, 'min').map((l) => l.level)).toEqual([90, 50, 10]);
    expect(compressionOrder(levels, 'max').map((l) => l.level)).toEqual([10, 50, 90]);
    expect(compressionOrder(levels).map((l) => l.level)).toEqual([90, 50, 10]);
  });
});
