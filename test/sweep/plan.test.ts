import { describe, expect, it } from 'vitest';
import { sampleOrder } from '../../src/sweep/order.js';
import { planCells } from '../../src/sweep/plan.js';

describe('planCells', () => {
  it('puts pristine first, once, and drops repeated conditions', () => {
    const { conditions, cells } = planCells(['a', 'b'], [
      { codec: 'jpeg', level: 50 },
      { codec: 'jpeg', level: 50 },
      { codec: 'jpeg', level: 50, params: { chroma: '444' } },
    ]);
    expect(conditions.map((c) => [c.codec, c.level])).toEqual([['pristine', null], ['jpeg', 50], ['jpeg', 50]]);
    expect(cells.map((c) => `${c.model}/${c.conditionIndex}`)).toEqual(['a/0', 'a/1', 'a/2', 'b/0', 'b/1', 'b/2']);
  });
});

describe('sampleOrder', () => {
  it('is a seeded permutation: same seed, same order; prefixes nest', () => {
    const a = sampleOrder(50, 3);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(sampleOrder(50, 3)).toEqual(a);
    expect(sampleOrder(50, 4)).not.toEqual(a);
    expect(sampleOrder(5, 0)).toEqual(sampleOrder(5, 0));
  });
});
