import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/report/analysis.js';
import { renderCharts } from '../../src/report/charts.js';
import { modelFrontier } from '../../src/report/frontier.js';
import type { LoadedResults } from '../../src/report/load.js';

const results: LoadedResults = {
  dir: '/r', database: '/r/db', failures: [], hasSampleMetrics: false,
  runs: [{ id: 'r', createdAt: '', groundTruth: 'dataset labels', samples: 10, task: 'detection', provenance: {} }],
  columns: [{ family: 'coco-bbox', metric: 'AP' }],
  cells: ([[null, 0.7, null], [90, 0.7, 2], [50, 0.69, 0.8], [10, 0.4, 0.25]] as const).map(([level, ap, bpp], i) => ({
    runId: 'r', task: 'detection', model: 'det', modelHash: null, position: i, codec: level === null ? 'pristine' : 'jpeg', level, n: 10, failures: 0, bpp, psnr: null, ssim: null, metrics: { 'coco-bbox': { AP: ap } },
  })),
};

describe('chart extras', () => {
  it('draws the sources\' own JPEG quality on metric vs level and the frontier on metric vs bpp', async () => {
    const analysis = await analyse(results);
    const plain = await renderCharts(analysis);
    const frontier = modelFrontier(analysis.models[0]).points;
    expect(frontier.map((p) => p.level)).toEqual([10, 50, 90]);
    const extra = await renderCharts(analysis, { sourceQuality: 75, frontier });
    expect(plain[0].svg).not.toContain('#2ca02c');
    expect(extra[0].svg).toContain('stroke="#2ca02c"');
    expect(extra[0].svg).toContain("sources' own JPEG quality (75)");
    expect(extra[1].svg).toContain('frontier of det: black steps');
    expect(extra[1].svg).toContain('stroke="#000"');
    expect(plain[1].svg).not.toContain('stroke="#000"');
  });
});
