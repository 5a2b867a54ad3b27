import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/report/analysis.js';
import { modelFirstFail } from '../../src/report/first-fail.js';
import { loadResults } from '../../src/report/load.js';
import { writeReport } from '../../src/report/report.js';
import { constructedResults } from './constructed-results.js';

describe('first failing level per sample', () => {
  it('counts, per setting, the samples that first stop matching pristine at each level (by hand)', async () => {
    // Sample i is detected exactly iff i < right: s16–s19 fail first at jpeg 50, s08–s15 at jpeg 10,
    // s00–s07 never; webp keeps all 20 at 80 and loses s10–s19 at 20.
    const dir = await constructedResults([
      { codec: 'pristine', level: null, right: 20, bpp: null },
      { codec: 'jpeg', level: 90, right: 20, bpp: 2 },
      { codec: 'jpeg', level: 50, right: 16, bpp: 1 },
      { codec: 'jpeg', level: 10, right: 8, bpp: 0.5 },
      { codec: 'webp', level: 80, right: 20, bpp: 1 },
      { codec: 'webp', level: 20, right: 10, bpp: 0.4 },
    ]);
    const results = await loadResults(dir);
    const analysis = await analyse(results, { bootstrap: { replicates: 10 } });
    const f = await modelFirstFail(results, analysis.models[0]);
    expect(f).toMatchObject({ agreement: 'coco-bbox/AP50', samples: 20, unscored: 0 });
    const [jpeg, webp] = f!.codecs;
    expect(jpeg.levels).toEqual([{ level: 90, firstFail: 0 }, { level: 50, firstFail: 4 }, { level: 10, firstFail: 8 }]);
    expect(jpeg.never).toBe(8);
    expect(jpeg.fragile).toEqual(['s16', 's17', 's18', 's19'].map((sample) => ({ sample, level: 50 })));
    expect(webp.levels).toEqual([{ level: 80, firstFail: 0 }, { level: 20, firstFail: 10 }]);
    expect(webp.never).toBe(10);

    const files = await writeReport(dir, { visuals: { samples: 0 }, bootstrap: { replicates: 10 } });
    const json = JSON.parse(await readFile(files.analysis, 'utf8')) as { firstFail: { codecs: { never: number }[] }[] };
    expect(json.firstFail[0].codecs.map((c) => c.never)).toEqual([8, 10]);
    expect(await readFile(files.html, 'utf8')).toContain('<h2>First failing level</h2>');
  });
});
