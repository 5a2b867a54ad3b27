import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassificationMetric, evaluateClassification } from '../../../src/tasks/classification/metric.js';
import { evaluateClassificationFiles } from '../../../src/tasks/classification/evaluate-files.js';
import { readClassificationPredictions } from '../../../src/tasks/classification/files.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/classification/${name}`, import.meta.url));

describe('classification accuracy', () => {
  it('scores ranked CSV predictions: top-1, top-5 (6th place misses) and per-class', async () => {
    // a ✓1, b ✓5 (2nd), c ✗ (6th), d ✓1, e ✓1 → top1 3/5, top5 4/5; cat 1/2, dog 1/2, bird 1/1.
    const result = await evaluateClassificationFiles(fixture('labels.csv'), fixture('pred-ranked.csv'));
    expect(result).toEqual({ top1: 3 / 5, top5: 4 / 5, meanClassAcc: (0.5 + 0.5 + 1) / 3, perClass: { cat: 0.5, dog: 0.5, bird: 1 }, samples: 5 });
  });

  it('ranks score vectors, equal scores by class order', async () => {
    const ranked = await readClassificationPredictions(fixture('pred-scores.json'));
    expect(ranked.get('img/e.jpg')).toEqual(['cat', 'dog', 'fish', 'cow', 'horse', 'bird']);
    // a ✓; b dog 0.7 > cat 0.6: top-5 only; c dog is 6th: miss; d ✓; e the cat/dog tie puts cat first: top-5 only.
    const result = await evaluateClassificationFiles(fixture('labels.csv'), fixture('pred-scores.json'));
    expect(result).toMatchObject({ top1: 2 / 5, top5: 4 / 5, perClass: { cat: 0.5, dog: 0, bird: 1 } });
  });

  it('merge of two halves equals the whole; state() round-trips through JSON', () => {
    const pairs: [string[], string][] = [[['a', 'b'], 'a'], [['b'], 'a'], [['c', 'a'], 'c'], [['x', 'y', 'z', 'w', 'v', 'c'], 'c']];
    const a = new ClassificationMetric();
    const b = new ClassificationMetric();
    pairs.forEach(([p, l], i) => (i < 2 ? a : b).update(p, l));
    const restored = new ClassificationMetric();
    restored.load(JSON.parse(JSON.stringify(b.state())));
    restored.merge(a);
    const whole = evaluateClassification(pairs);
    expect(restored.compute().top1).toBe(whole.top1);
    expect(restored.compute().top5).toBe(whole.top5);
    expect(restored.compute().perClass).toEqual({ ...whole.perClass });
    expect(whole).toMatchObject({ top1: 0.5, top5: 0.5, perClass: { a: 0.5, c: 0.5 } });
  });

  it('returns null with no samples', () => {
    expect(new ClassificationMetric().compute()).toEqual({ top1: null, top5: null, meanClassAcc: null, perClass: {} });
  });
});

describe('classification input errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lv-cls-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('names the file and path of a missing prediction', async () => {
    const pred = write('short.csv', 'img/a.jpg,cat\n');
    await expect(evaluateClassificationFiles(fixture('labels.csv'), pred)).rejects.toThrow(`${pred}: img/b.jpg: Expected a prediction for "img/b.jpg"`);
  });

  it('refuses a prediction for an unlabelled path', async () => {
    const pred = write('extra.json', JSON.stringify({ 'img/zzz.jpg': ['cat'] }));
    await expect(evaluateClassificationFiles(fixture('labels.csv'), pred)).rejects.toMatchObject({ code: 'UNKNOWN_ID', entry: 'img/zzz.jpg' });
  });

  it('names the line of a malformed label row and the entry of a bad score vector', async () => {
    const labels = write('bad.csv', 'a.jpg,cat\nb.jpg\n');
    await expect(evaluateClassificationFiles(labels, fixture('pred-ranked.csv'))).rejects.toThrow(`${labels}: line 2: Expected "path,label" but received "b.jpg"`);
    const scores = write('bad.json', JSON.stringify({ classes: ['a', 'b'], scores: { 'x.jpg': [1, null] } }));
    await expect(readClassificationPredictions(scores)).rejects.toThrow(`${scores}: scores["x.jpg"]: Expected 2 finite scores`);
    const broken = write('broken.json', '{"a": ');
    await expect(readClassificationPredictions(broken)).rejects.toMatchObject({ code: 'INVALID_FILE', file: broken });
  });

  it('reports a missing labels file as FILE_NOT_FOUND', async () => {
    await expect(evaluateClassificationFiles(join(dir, 'nope.csv'), fixture('pred-ranked.csv'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
