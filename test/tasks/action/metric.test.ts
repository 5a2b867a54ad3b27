import { describe, expect, it } from 'vitest';
import { ActionMetric, actionValues } from '../../../src/tasks/action/metric.js';

const classes = ['a', 'b', 'c', 'd', 'e', 'f'];
const scoresFor = (ranking: number[]): number[] => {
  const s = new Array<number>(classes.length).fill(0);
  ranking.forEach((c, r) => (s[c] = 1 - r / 10));
  return s;
};

describe('ActionMetric', () => {
  it('scores top-1 and top-5 per split and averages the splits', () => {
    const m = new ActionMetric('rgb', classes);
    m.update(scoresFor([0, 1, 2, 3, 4, 5]), { label: 0, name: 'a', splits: [1, 2] }); // right: both splits
    m.update(scoresFor([0, 1, 2, 3, 4, 5]), { label: 1, name: 'b', splits: [1] }); // rank 2
    m.update(scoresFor([0, 1, 2, 3, 4, 5]), { label: 5, name: 'f', splits: [2] }); // rank 6: outside top-5
    const r = m.compute();
    expect(r.splits['1']).toMatchObject({ top1: 0.5, top5: 1, videos: 2 });
    expect(r.splits['2']).toMatchObject({ top1: 0.5, top5: 0.5, videos: 2 });
    expect(r.top1).toBe(0.5);
    expect(r.top5).toBe(0.75);
    expect(actionValues(r)).toMatchObject({ top1: 0.5, top5: 0.75, 'split2 top5': 0.5 });
    expect(m.name).toBe('action');
  });

  it('merges and round-trips its state', () => {
    const a = new ActionMetric('fusion', classes);
    const b = new ActionMetric('fusion', classes);
    a.update(scoresFor([2, 0]), { label: 2, name: 'c', splits: [1] });
    b.update(scoresFor([0, 2]), { label: 2, name: 'c', splits: [1, 3] });
    a.merge(b);
    const c = new ActionMetric('fusion', classes);
    c.load(JSON.parse(JSON.stringify(a.state())));
    expect(c.compute()).toEqual(a.compute());
    expect(a.compute().splits['1'].top1).toBe(0.5);
    expect(a.compute().splits['3'].top1).toBe(0);
    expect(() => c.load(null)).toThrow(/action metric state/);
  });

  it('is null with no videos', () => {
    expect(new ActionMetric('rgb', classes).compute()).toEqual({ splits: {}, top1: null, top5: null });
  });
});
