import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScalarPng } from '../../../src/media/png16.js';
import { SegmentationMetric } from '../../../src/tasks/segmentation/metric.js';
import { evaluateSegmentation } from '../../../src/tasks/segmentation/confusion.js';
import type { LabelMap, SegmentationResult } from '../../../src/tasks/segmentation/types.js';

const root = fileURLToPath(new URL('../../fixtures/segmentation/', import.meta.url));
const reference = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as {
  sets: Record<string, { numClasses: number; ignoreIndex: number; expected: SegmentationResult }>;
};

async function pairs(set: string): Promise<[LabelMap, LabelMap][]> {
  const files = readdirSync(join(root, set, 'gt')).sort();
  return Promise.all(
    files.map(async (f): Promise<[LabelMap, LabelMap]> => [
      { ...(await readScalarPng(join(root, set, 'pred', f))), file: f },
      { ...(await readScalarPng(join(root, set, 'gt', f))), file: f },
    ]),
  );
}

function expectAgreement(actual: SegmentationResult, expected: SegmentationResult): void {
  for (const key of ['globalAcc', 'meanAcc', 'mIoU', 'mIoUGtClasses', 'fwIoU'] as const) {
    expect(Math.abs(actual[key]! - expected[key]!), key).toBeLessThan(1e-12);
  }
  for (const key of ['perClassIoU', 'perClassAcc'] as const) {
    expect(actual[key].length).toBe(expected[key].length);
    actual[key].forEach((v, c) => {
      const e = expected[key][c];
      if (e === null) expect(v, `${key}[${c}]`).toBeNull();
      else expect(Math.abs(v! - e), `${key}[${c}]`).toBeLessThan(1e-12);
    });
  }
}

describe('segmentation metrics against the numpy (mmseg-style) reference', () => {
  for (const set of Object.keys(reference.sets)) {
    it(`${set}: one confusion matrix over the dataset`, async () => {
      const { numClasses, ignoreIndex, expected } = reference.sets[set];
      const metric = new SegmentationMetric({ numClasses, ignoreIndex });
      for (const [p, g] of await pairs(set)) metric.update(p, g);
      expectAgreement(metric.compute(), expected);
    });
  }

  it('mIoU and mIoUGtClasses differ when a class is predicted but absent from ground truth', () => {
    const e = reference.sets.palette.expected;
    expect(e.perClassIoU[6]).toBe(0);
    expect(e.perClassAcc[6]).toBeNull();
    expect(e.perClassIoU[7]).toBeNull();
    expect(e.mIoU).not.toBe(e.mIoUGtClasses);
  });

  it('merge of two halves equals the whole; state() round-trips through JSON', async () => {
    const { numClasses, ignoreIndex, expected } = reference.sets.palette;
    const all = await pairs('palette');
    const a = new SegmentationMetric({ numClasses, ignoreIndex });
    const b = new SegmentationMetric({ numClasses, ignoreIndex });
    all.forEach(([p, g], i) => (i < 2 ? a : b).update(p, g));
    const restored = new SegmentationMetric({ numClasses, ignoreIndex });
    restored.load(JSON.parse(JSON.stringify(b.state())));
    restored.merge(a);
    expectAgreement(restored.compute(), expected);
    expect(evaluateSegmentation(all, { numClasses, ignoreIndex })).toEqual(restored.compute());
  });
});

describe('segmentation input errors', () => {
  const map = (width: number, height: number, data: number[], file: string): LabelMap => ({ width, height, data, file });

  it('names both files and sizes when a prediction is the wrong size', () => {
    const metric = new SegmentationMetric({ numClasses: 3, ignoreIndex: 255 });
    expect(() => metric.update(map(2, 1, [0, 1], 'pred/a.png'), map(1, 2, [0, 1], 'gt/a.png'))).toThrow(
      'pred/a.png: Expected 1×2 pixels like its ground truth gt/a.png but received 2×1',
    );
  });

  it('refuses a predicted label ≥ numClasses, naming the pixel, and counts nothing', () => {
    const metric = new SegmentationMetric({ numClasses: 3, ignoreIndex: 255 });
    expect(() => metric.update(map(2, 1, [0, 3], 'p.png'), map(2, 1, [0, 1], 'g.png'))).toThrow(
      'p.png: pixel (1, 0): Expected a predicted label between 0 and 2 (--num-classes 3) but received 3',
    );
    expect(metric.compute().globalAcc).toBeNull();
  });

  it('ignores ground-truth pixels at the ignore index whatever the prediction', () => {
    const metric = new SegmentationMetric({ numClasses: 2, ignoreIndex: 255 });
    metric.update(map(3, 1, [0, 1, 1], 'p.png'), map(3, 1, [0, 1, 255], 'g.png'));
    expect(metric.compute()).toMatchObject({ globalAcc: 1, mIoU: 1, perClassIoU: [1, 1] });
  });
});

describe('the stored state', () => {
  it('is the non-zero cells when they are shorter (one image over 256 labels), the dense matrix otherwise; both load', () => {
    const one = new SegmentationMetric({ numClasses: 256, ignoreIndex: 255 });
    one.update({ width: 3, height: 1, data: [0, 1, 1] }, { width: 3, height: 1, data: [0, 0, 1] });
    // Cells g · 256 + p: (0, 0) once, (0, 1) once, (1, 1) once.
    expect(one.state()).toEqual({ numClasses: 256, ignoreIndex: 255, cells: [[0, 1], [1, 1], [257, 1]] });
    const full = new SegmentationMetric({ numClasses: 2, ignoreIndex: 255 });
    full.update({ width: 3, height: 1, data: [0, 1, 1] }, { width: 3, height: 1, data: [0, 0, 1] });
    expect(full.state()).toEqual({ numClasses: 2, ignoreIndex: 255, confusion: [1, 1, 0, 1] });
    const loaded = new SegmentationMetric({ numClasses: 256, ignoreIndex: 255 });
    loaded.load(JSON.parse(JSON.stringify(one.state())));
    expect(loaded.compute()).toEqual(one.compute());
  });
});

describe('the sparse confusion matrix (above 256 classes)', () => {
  it('gives bit-identical scores to the dense one, and its state round-trips', async () => {
    for (const set of Object.keys(reference.sets)) {
      const { numClasses, ignoreIndex } = reference.sets[set];
      const data = await pairs(set);
      const dense = new SegmentationMetric({ numClasses, ignoreIndex });
      const sparse = new SegmentationMetric({ numClasses: 65_536, ignoreIndex });
      for (const [p, g] of data) {
        dense.update(p, g);
        sparse.update(p, g);
      }
      const [d, s] = [dense.compute(), sparse.compute()];
      for (const key of ['globalAcc', 'meanAcc', 'mIoU', 'mIoUGtClasses', 'fwIoU'] as const) expect(s[key], `${set} ${key}`).toBe(d[key]);
      expect(s.perClassIoU.slice(0, numClasses)).toEqual(d.perClassIoU);
      expect(s.perClassIoU.slice(numClasses).every((v) => v === null)).toBe(true);
      const state = sparse.state();
      expect(JSON.stringify(state).length).toBeLessThan(4096);
      const loaded = new SegmentationMetric({ numClasses: 65_536, ignoreIndex });
      loaded.load(JSON.parse(JSON.stringify(state)));
      expect(loaded.compute()).toEqual(s);
      const merged = new SegmentationMetric({ numClasses: 65_536, ignoreIndex });
      merged.merge(sparse);
      merged.merge(loaded);
      expect(merged.compute().globalAcc).toBe(s.globalAcc);
    }
  });
});
