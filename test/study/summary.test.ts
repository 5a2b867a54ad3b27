import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/report/analysis.js';
import type { RetrainStudyResult } from '../../src/retrain/study.js';
import { fractionOfPristine, normalisedArea, retrainedNames, studySummary } from '../../src/study/summary.js';

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

  it('names a retraining\'s models by what they are, as its recovery tables do, not by their folders', () => {
    const retrain = {
      model: 'ref:segnet', pretrainedDir: '/c/ref/segnet-1a2b', control: { modelDir: '/o/seg/pristine_control_/model' },
      retrained: [{ trainedOn: 'jpeg:5', modelDir: '/o/seg/jpeg_5/model', recovery: [] }],
    } as unknown as RetrainStudyResult;
    expect([...retrainedNames(retrain).values()]).toEqual(['ref:segnet pre-trained', 'ref:segnet control (pristine)', 'ref:segnet retrained on jpeg:5']);
    // The analysis `lossyvision report` makes of the retraining's sweep, cut to what the summary reads.
    const model = (id: string, value: number) => ({
      model: id, task: 'segmentation', label: 'mIoU', direction: 'higher', pristineValue: 0.8,
      codecs: [{ codec: 'jpeg', threshold: { safe: 50 }, levels: [{ level: 50, value, cell: { bpp: 1 } }, { level: 5, value: value / 2, cell: { bpp: 0.2 } }] }],
    });
    const analysis = { models: [model('/c/ref/segnet-1a2b', 0.8), model('/o/seg/jpeg_5/model', 0.6), model('/o/act/jpeg_5/model · spatial', 0.4)] } as unknown as Analysis;
    const s = studySummary([{ name: 'seg', analysis, retrain }]);
    expect(s.loss.map((r) => r.model)).toEqual(['ref:segnet pre-trained', 'ref:segnet retrained on jpeg:5', '/o/act/jpeg_5/model · spatial']);
    expect(s.loss[1].modelId).toBe('/o/seg/jpeg_5/model');
    expect(s.ranking.jpeg.map((r) => r.model)).toEqual(['ref:segnet pre-trained', 'ref:segnet retrained on jpeg:5', '/o/act/jpeg_5/model · spatial']);
    const action = { ...retrain, model: 'ref:two-stream', pretrainedDir: '/o/act/jpeg_5/model', control: null, retrained: [] } as unknown as RetrainStudyResult;
    expect(studySummary([{ name: 'act', analysis, retrain: action }]).loss[2].model).toBe('ref:two-stream pre-trained · spatial');
  });
});
