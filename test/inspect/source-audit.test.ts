import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../src/inspect/source-audit.js';
import { sourceQuality } from '../../src/report/source-quality.js';
import type { LoadedResults } from '../../src/report/load.js';
import { runSweep } from '../../src/sweep/run.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/inspect/', import.meta.url));
const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));

describe('source audit', () => {
  it('samples at most N files evenly and summarises them', async () => {
    const paths = ['q12-420.jpg', 'q37-444.jpg', 'q60-422.jpg', 'q83-grey.jpg', 'q96-420.jpg', 'lossless.png'].map((f) => join(FIXTURES, f));
    const audit = await auditSources(paths, 3);
    expect(audit).toMatchObject({ files: 6, inspected: 3 });
    // Sorted: lossless.png, q12, q37, q60, q83, q96 → picks 0, 2, 4.
    expect(audit?.summary).toMatchObject({ formats: { png: 1, jpeg: 2 }, lossy: 2, lossless: 1, jpegQuality: { min: 37, max: 83, files: 2, exact: 2 } });
  });

  it('is recorded by run in provenance, and the report warns about levels above the source quality', async () => {
    const data = await mkdtemp(join(tmpdir(), 'lv-audit-data-'));
    for (const f of ['q60-420.jpg', 'q60-444.jpg', 'q83-420.jpg']) await copyFile(join(FIXTURES, f), join(data, f));
    const result = await runSweep({
      task: 'detection',
      data,
      models: ['grid'],
      conditions: [{ codec: 'jpeg', level: 95 }, { codec: 'jpeg', level: 70 }, { codec: 'jpeg', level: 50 }],
      seed: 0,
      referenceThreshold: 0.5,
      workers: 1,
      cacheDir: await mkdtemp(join(tmpdir(), 'lv-audit-cache-')),
      modelLoader: gridModel,
    });
    const source = result.provenance.source;
    expect(source).toMatchObject({ files: 3, inspected: 3, summary: { lossy: 3, jpegQuality: { min: 60, median: 60, max: 83, exact: 3 } } });

    // The report reads it back from provenance: levels 95 and 70 lie above the median source quality 60.
    const loaded = {
      runs: [{ id: 'r', provenance: result.provenance }],
      cells: [95, 70, 50].map((level) => ({ runId: 'r', codec: 'jpeg', level })),
    } as unknown as LoadedResults;
    const [q] = sourceQuality(loaded);
    expect(q.jpegQuality).toBe(60);
    expect(q.levelsAboveSource).toEqual([95, 70]);
    expect(q.warnings).toEqual([
      '3 of 3 sampled source files (of 3) are already lossy (JPEG at IJG quality 60–83, median 60): "pristine" here means already compressed once.',
      "jpeg 95, 70 are above the sources' own quality (median 60): compressing there tests double compression, not the quality level.",
    ]);
  });
});
