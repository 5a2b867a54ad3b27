import { describe, expect, it } from 'vitest';
import { gapClosed, recovery, relativeGain, studyRecovery } from '../../src/retrain/recovery.js';
import { recovery as reportRecovery } from '../../src/report/retrained.js';
import { formatRecoveryTables } from '../../src/retrain/table.js';
import type { RetrainStudyResult } from '../../src/retrain/study.js';

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

  it('study recovery is the study\'s own figure: pose at JPEG 5, 0.711 / 0.098 / 0.454 → 0.784', () => {
    const r = recovery(0.711, 0.098, 0.454);
    expect(r.studyRecovery).toBeCloseTo((0.454 - 0.098) / 0.454, 12);
    expect(Number(r.studyRecovery!.toFixed(3))).toBe(0.784);
    // The other two figures on the same numbers, by hand: 0.356 / 0.098 and 0.356 / 0.613.
    expect(r.relativeGain).toBeCloseTo(3.63265, 5);
    expect(r.gapClosed).toBeCloseTo(0.58075, 5);
    // A small case by hand: compressed 0.5, retrained 0.8 → 0.3 / 0.8 = 0.375; undefined at retrained 0.
    expect(studyRecovery(0.5, 0.8)).toBeCloseTo(0.375, 15);
    expect(studyRecovery(0.5, 0)).toBeNull();
    expect(studyRecovery(null, 0.8)).toBeNull();
    // The report's version agrees, and flips the sign for lower-is-better metrics (error 0.4 → 0.3: 0.1 / 0.3).
    expect(reportRecovery(0.711, 0.098, 0.454).studyRecovery).toBeCloseTo(r.studyRecovery!, 15);
    expect(reportRecovery(0.2, 0.4, 0.3, 'lower').studyRecovery).toBeCloseTo(1 / 3, 12);
  });

  it('retraining tables carry all three figures, named and defined', () => {
    const result = {
      model: 'ref:pose', task: 'segmentation', metric: 'mIoU', control: null,
      data: { test: 'test-data', testImages: 10 },
      conditions: [{ label: 'pristine', bpp: null, n: 10 }, { label: 'jpeg:5', bpp: 0.25, n: 10 }],
      retrained: [{
        trainedOn: 'jpeg:5',
        recovery: [
          { pretrained: 0.711, retrained: 0.7, recovery: recovery(0.711, 0.711, 0.7) },
          { pretrained: 0.098, retrained: 0.454, recovery: recovery(0.711, 0.098, 0.454) },
        ],
      }],
    } as unknown as RetrainStudyResult;
    const lines = formatRecoveryTables(result).split('\n');
    expect(lines[1]).toMatch(/^condition +bpp +n +pre-trained +retrained jpeg:5 +gain +gap closed +study recovery$/);
    expect(lines[4]).toMatch(/^jpeg:5 +0\.250 +10 +0\.0980 +0\.4540 +363\.3 % +58\.1 % +78\.4 %$/);
    expect(lines[6]).toMatch(/study recovery = \(retrained − compressed\) \/ retrained/);
    expect(formatRecoveryTables(result)).not.toContain('n/a');
    // Where the sweep found the pre-trained loss inside the noise, gap closed is n/a, with the reason under the table.
    const noisy = formatRecoveryTables({ ...result, lossWithinNoise: ['jpeg:5'] }).split('\n');
    expect(noisy[4]).toMatch(/^jpeg:5 +0\.250 +10 +0\.0980 +0\.4540 +363\.3 % +n\/a +78\.4 %$/);
    expect(noisy[7]).toMatch(/^gap closed n\/a: compression cost the pre-trained model less than the noise/);
  });
});
