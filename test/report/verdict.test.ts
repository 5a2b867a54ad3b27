import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/report/analysis.js';
import { loadResults } from '../../src/report/load.js';
import { BPP_NOTE, FIRM_SAMPLES, REFERENCE_MODE_NOTE, verdictLines } from '../../src/report/verdict.js';
import { constructedResults, type ConstructedCell } from './constructed-results.js';

async function verdict(cells: readonly ConstructedCell[], samples: number): Promise<string[]> {
  const results = await loadResults(await constructedResults(cells, samples));
  return verdictLines(await analyse(results, { bootstrap: { replicates: 200 } }), results.runs);
}

const pristine = (samples: number): ConstructedCell => ({ codec: 'pristine', level: null, right: samples, bpp: null });

describe('the verdict in words', () => {
  it('names the safe level in the codec\'s words, with its interval and n, and no small-n warning at a firm n', async () => {
    const n = 60;
    const lines = await verdict([pristine(n), { codec: 'jpeg', level: 90, right: n, bpp: 2 }, { codec: 'jpeg', level: 50, right: n, bpp: 1 }, { codec: 'jpeg', level: 10, right: 20, bpp: 0.3 }], n);
    expect(lines[0]).toBe('det: AP 1.000 on pristine data; safe = the most compressed level within 0.01 AP of pristine');
    expect(lines[1]).toMatch(/^ {2}jpeg: safe down to quality 50 \(95 % CI [^)]*, n = 60\)$/);
    expect(lines[1]).not.toMatch(/too few|none/);
    // Labelled data: no reference-mode note; bpp explained once.
    expect(lines).not.toContain(REFERENCE_MODE_NOTE);
    expect(lines.filter((l) => l === BPP_NOTE)).toHaveLength(1);
  });

  it('explains "no level is safe" with the numbers, and warns plainly when n is small', async () => {
    const n = 6;
    expect(n).toBeLessThan(FIRM_SAMPLES);
    const lines = await verdict([pristine(n), { codec: 'webp', level: 90, right: 3, bpp: 1 }, { codec: 'webp', level: 10, right: 1, bpp: 0.2 }], n);
    expect(lines[1]).toMatch(/^ {2}webp: no level is safe: already quality 90, the mildest swept, moves AP from 1\.000 to 0\.\d{3}, beyond the limit 0\.990 \(/);
    expect(lines[1]).toMatch(/n = 6(: too few samples for a confidence interval| — too few samples for a firm answer)\)$/);
    expect(lines[1]).not.toMatch(/none/);
  });

  it('says when the safe level is the most compressed one swept', async () => {
    const n = 6;
    const lines = await verdict([pristine(n), { codec: 'jpeg', level: 50, right: n, bpp: 1 }, { codec: 'jpeg', level: 10, right: n, bpp: 0.2 }], n);
    expect(lines[1]).toMatch(/^ {2}jpeg: safe down to quality 10 \(95 % CI quality 10, n = 6 — too few samples for a firm answer\); that is the most compressed level swept: sweep further to find where it breaks$/);
  });
});
