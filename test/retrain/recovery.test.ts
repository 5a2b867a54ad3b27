import { describe, expect, it } from 'vitest';
import { gapClosed, recovery, relativeGain } from '../../src/retrain/recovery.js';

describe('recovery', () => {
  it('matches the study figures for detection at JPEG 5 (0.703 pristine, 0.187 compressed, 0.559 retrained)', () => {
    const r = recovery(0.703, 0.187, 0.559);
    expect(r.relativeGain).toBeCloseTo((0.559 - 0.187) / 0.187, 12);
    expect(r.relativeGain).toBeCloseTo(1.98930, 4);
    expect(r.gapClosed).toBeCloseTo(0.372 / 0.516, 12);
    expect(r.gapClosed).toBeCloseTo(0.72093, 4);
  });

  it('is null where undefined, never 0 or Infinity', () => {
    expect(relativeGain(0, 0.5)).toBeNull();
    expect(gapClosed(0.7, 0.7, 0.7)).toBeNull();
    const r = recovery(null, 0.5, 0.6);
    expect(r.relativeGain).toBeCloseTo(0.2, 12);
    expect(r.gapClosed).toBeNull();
    expect(relativeGain(0.5, null)).toBeNull();
  });

  it('reports a loss as negative and overshoot above 1', () => {
    expect(relativeGain(0.5, 0.4)).toBeCloseTo(-0.2, 12);
    expect(gapClosed(0.8, 0.5, 0.9)).toBeCloseTo(4 / 3, 12);
  });
});
