import { describe, expect, it } from 'vitest';
import { combineParts, inPart, partsFor } from '../../src/sweep/parts.js';
import type { SampleOutcome } from '../../src/sweep/outcome.js';
import type { Cell } from '../../src/sweep/plan.js';

describe('sample parts', () => {
  it('splits the last (total mod workers) samples, all of them when fewer than the workers, into one part per worker', () => {
    const parts = (total: number, workers: number, conditions = 14) => Array.from({ length: total }, (_, i) => partsFor(i, total, workers, conditions));
    expect(parts(1, 2)).toEqual([2]);
    expect(parts(3, 2)).toEqual([1, 1, 2]);
    expect(parts(6, 2)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(parts(7, 4)).toEqual([1, 1, 1, 1, 4, 4, 4]);
    expect(parts(2, 4)).toEqual([4, 4]);
    expect(parts(3, 1)).toEqual([1, 1, 1]);
    // No more parts than conditions; one condition cannot be split.
    expect(parts(1, 8, 3)).toEqual([3]);
    expect(parts(1, 8, 1)).toEqual([1]);
  });

  it('gives every condition to exactly one part', () => {
    for (const of of [2, 3, 5]) {
      for (let c = 0; c < 20; c++) expect(Array.from({ length: of }, (_, index) => inPart(c, { index, of })).filter(Boolean)).toHaveLength(1);
    }
  });

  const cells = [0, 1, 2, 3].map((index) => ({ index }) as Cell);
  const part = (cellIds: number[], extra: Partial<SampleOutcome> = {}): SampleOutcome => ({
    position: 4,
    sampleId: 'a.png',
    sourceSha256: 'ab',
    width: 3,
    height: 2,
    cells: cellIds.map((cell) => ({ cell, prediction: [cell] })),
    timings: { decodeMs: 1, encodeMs: 2, inferenceMs: 3, cacheMs: 4 },
    computed: { encodes: cellIds.length, predictions: 1 },
    repaired: 0,
    ...extra,
  });

  it("puts the parts' cells back in the plan's order and sums their timings and work", () => {
    const whole = combineParts([part([1, 3]), part([0, 2], { repaired: 2 })], cells);
    expect(whole.cells.map((c) => c.cell)).toEqual([0, 1, 2, 3]);
    expect(whole.timings).toEqual({ decodeMs: 2, encodeMs: 4, inferenceMs: 6, cacheMs: 8 });
    expect(whole.computed).toEqual({ encodes: 4, predictions: 2 });
    expect(whole.repaired).toBe(2);
    expect({ ...whole, cells: [], timings: undefined, computed: undefined, repaired: undefined }).toEqual({ ...part([]), cells: [], timings: undefined, computed: undefined, repaired: undefined });
  });

  it('keeps a sample that could not be read failed', () => {
    const whole = combineParts([part([0, 2]), part([1, 3], { failure: 'truncated' })], cells);
    expect(whole.failure).toBe('truncated');
  });
});
