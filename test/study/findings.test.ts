import { describe, expect, it } from 'vitest';
import { comparisonTables, normaliseToBest, paperFindings, publishedSeries } from '../../src/study/findings.js';
import { paperStudy } from '../../src/study/presets/paper.js';
import type { StudySummary } from '../../src/study/summary.js';

const empty: StudySummary = { levels: [], loss: [], recovery: [], ranking: {} };

describe('the published study and its findings', () => {
  it('normalises each row to its own best level, whatever the direction', () => {
    expect(normaliseToBest([0.5, 1, 0.25], 'higher')).toEqual([0.5, 1, 0.25]);
    expect(normaliseToBest([0.02, 0.01, null], 'lower')).toEqual([0.5, 1, null]);
  });

  it('reads every published table: detection and pose mAP, depth and segmentation metrics, action streams', () => {
    const series = publishedSeries();
    expect(series.map((s) => `${s.task} ${s.metric}`)).toEqual([
      'detection mAP', 'pose mAP', 'depth absRel', 'depth sqRel', 'depth rmse', 'segmentation globalAcc', 'segmentation meanAcc', 'segmentation mIoU',
      'action spatial top-1', 'action motion top-1', 'action fusion top-1',
    ]);
    expect(series[1]).toMatchObject({ levels: [95, 75, 50, 15, 10, 5], pretrained: [0.711, 0.689, 0.655, 0.413, 0.323, 0.098], retrained: [0.711, 0.708, 0.678, 0.654, 0.597, 0.454] });
    expect(series[2].direction).toBe('lower');
  });

  it('applies each rule to the published numbers and reproduces the paper\'s claims', () => {
    const findings = paperFindings(empty);
    expect(findings.map((f) => f.published)).toEqual(['holds', 'holds', null, 'holds']);
    // Without experiments nothing is claimed for this kit.
    expect(findings.map((f) => f.ours)).toEqual(['not measured', 'not measured', 'not measured', 'not measured']);
    // Pose at JPEG 5: (0.454 − 0.098) / (0.711 − 0.098) of the gap, the abstract's 78.4 % as study recovery.
    expect(findings[1].publishedEvidence).toContain('✓ pose mAP at jpeg 5: 0.098 → 0.454, gap closed 58.1 %, study recovery 78.4 %');
  });

  it('judges our curves by the same rules', () => {
    const row = (task: string, model: string, fractions: Record<string, number>) => ({ experiment: task, task, model, modelId: model, metric: 'm', direction: 'higher' as const, pristine: 1, fractions, safe: {} });
    const summary: StudySummary = {
      levels: ['jpeg:50', 'jpeg:15', 'jpeg:5', 'h264:23', 'h264:40', 'h264:50'],
      loss: [
        row('detection', 'd', { 'jpeg:50': 0.95, 'jpeg:15': 0.9, 'jpeg:5': 0.4, 'h264:23': 1, 'h264:40': 0.8, 'h264:50': 0.7 }),
        row('action', 'a · spatial', { 'h264:23': 1, 'h264:40': 0.9, 'h264:50': 0.7 }),
        row('action', 'a · temporal', { 'h264:23': 0.7, 'h264:40': 0.5, 'h264:50': 0.2 }),
      ],
      recovery: [
        { experiment: 'detection', task: 'detection', trainedOn: 'jpeg:5', metric: 'AP', condition: 'jpeg:5', pretrained: 0.2, retrained: 0.3, recovery: { relativeGain: 0.5, gapClosed: 0.25, studyRecovery: 1 / 3 }, lossWithinNoise: false },
        // Also tested at CRF 50, after JPEG 5: judged at JPEG 5, the codec it was retrained on.
        { experiment: 'detection', task: 'detection', trainedOn: 'jpeg:5', metric: 'AP', condition: 'h264:50', pretrained: 0.2, retrained: 0.9, recovery: { relativeGain: 3.5, gapClosed: 0.9, studyRecovery: 0.8 }, lossWithinNoise: false },
      ],
      ranking: { jpeg: [{ experiment: 'depth', task: 'depth', model: 'x', modelId: 'x', codec: 'jpeg', area: 0.99, bppRange: [1, 2] }, { experiment: 'detection', task: 'detection', model: 'd', modelId: 'd', codec: 'jpeg', area: 0.8, bppRange: [1, 2] }] },
    };
    const f = paperFindings(summary);
    expect(f.map((x) => x.ours)).toEqual(['holds', 'does not hold', 'holds', 'holds']);
    expect(f[0].evidence[0]).toBe('✓ detection d (detection), jpeg: 0.950 at 50 → 0.900 at 15 (−0.050) → 0.400 at 5 (−0.500)');
    // An image task's CRF curve counts as the action task's does.
    expect(f[0].evidence[1]).toBe('✗ detection d (detection), h264: 1.000 at 23 → 0.800 at 40 (−0.200) → 0.700 at 50 (−0.100)');
    expect(f[0].evidence.at(-1)).toBe('by codec: jpeg holds on 1 of 1 curve, h264 holds on 2 of 3 curves');
    expect(f[1].evidence).toEqual([expect.stringMatching(/^✗ detection \(detection\), retrained on jpeg:5, tested at jpeg:5: /)]);
    const [table] = comparisonTables(summary);
    expect(table.rows.map((r) => r.label)).toEqual(['published, pre-trained', 'published, retrained', 'ours: d (detection)', 'ours, retrained on jpeg:5: AP (detection)']);
    expect(table.rows[2].values).toEqual([null, null, 0.95 / 0.95, 0.9 / 0.95, null, 0.4 / 0.95]);
  });

  it('leaves a retraining whose pre-trained loss is inside the noise out of finding 2, saying so', () => {
    const rec = (experiment: string, gapClosed: number, lossWithinNoise: boolean) => ({ experiment, task: experiment, trainedOn: 'jpeg:5', metric: 'mIoU', condition: 'jpeg:5', pretrained: 0.5, retrained: 0.52, recovery: { relativeGain: 0.04, gapClosed, studyRecovery: 0.04 }, lossWithinNoise });
    const summary: StudySummary = { levels: [], loss: [], ranking: {}, recovery: [rec('segmentation', 0.6, false), rec('depth', 4.11, true)] };
    const [, f2] = paperFindings(summary);
    // One counted (holds), the one with a gap of noise only named: 1 of 1 holds.
    expect(f2.ours).toBe('holds');
    expect(f2.evidence).toEqual([
      '✓ segmentation (segmentation), retrained on jpeg:5, tested at jpeg:5: mIoU 0.500 → 0.520, gap closed 60.0 %, study recovery 4.0 %',
      '– depth (depth), retrained on jpeg:5, tested at jpeg:5: mIoU 0.500 → 0.520, gap closed n/a, study recovery 4.0 % (not counted: the pre-trained model\'s loss there is inside the noise)',
    ]);
    expect(paperFindings({ ...summary, recovery: [rec('depth', 4.11, true)] })[1].ours).toBe('not measured');
  });

  it('builds the preset as a study: six experiments, retraining where the tool trains, the paper\'s levels', () => {
    for (const budget of ['small', 'full'] as const) {
      const study = paperStudy(budget, 'out');
      expect(study.published).toBe('paper');
      expect(study.budget).toMatch(new RegExp(`^${budget}: `));
      expect(study.experiments.map((e) => `${e.name}:${e.task}:${e.retrain ? 'retrain' : 'sweep'}`)).toEqual([
        'detection-zoo:detection:sweep', 'pose-zoo:pose:sweep', 'detection:detection:retrain', 'segmentation:segmentation:retrain', 'depth:depth:retrain', 'action:action:retrain',
      ]);
      expect(study.experiments.at(-1)?.codecs).toEqual(['h264:23,25,30,40,50']);
      // Image tasks at both of the paper's scales: JPEG quality and H.264 CRF (one intra frame per image).
      for (const e of study.experiments.slice(0, -1)) expect(e.codecs).toEqual(['jpeg:95,75,50,15,10,5', 'h264:23,25,30,40,50']);
    }
  });
});
