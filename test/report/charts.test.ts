import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/report/analysis.js';
import { chartSpecs, renderCharts } from '../../src/report/charts.js';
import type { LoadedResults } from '../../src/report/load.js';

function results(model: string): LoadedResults {
  const rows = [[null, 0.7, null, null], [90, 0.7, 2, 38], [50, 0.69, 0.8, 32], [10, 0.4, 0.25, 27]] as const;
  return {
    dir: '/r', database: '/r/db', failures: [], hasSampleMetrics: false,
    runs: [{ id: 'r', createdAt: '', groundTruth: 'dataset labels', samples: 10, task: 'detection', provenance: {} }],
    columns: [{ family: 'coco-bbox', metric: 'AP' }],
    cells: rows.map(([level, ap, bpp, psnr], i) => ({
      runId: 'r', task: 'detection', model, modelHash: null, position: i, codec: level === null ? 'pristine' : 'jpeg', level, n: 10, failures: 0, bpp, psnr, ssim: null, metrics: { 'coco-bbox': { AP: ap } },
    })),
  };
}

describe('charts', () => {
  it('renders metric vs level, metric vs bpp and PSNR vs bpp with Vega-Lite, the safe level marked', async () => {
    const analysis = await analyse(results('det & <x>'));
    expect(chartSpecs(analysis).map((s) => s.id)).toEqual(['metric-vs-level', 'metric-vs-bpp', 'psnr-vs-bpp']);
    const charts = await renderCharts(analysis);
    const level = charts[0];
    expect(level.svg.startsWith('<svg')).toBe(true);
    // The legend names the series, escaped as XML text.
    expect(level.svg).toContain('det &amp; &lt;x&gt; · jpeg');
    // One red diamond: the safe threshold (jpeg 50: 0.69 is within 0.01 of 0.70).
    expect(analysis.models[0].codecs[0].threshold.safe).toBe(50);
    expect(level.svg.match(/stroke="#d62728"/g)?.length).toBeGreaterThanOrEqual(2);
    const { info, data } = await sharp(level.png).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBeGreaterThan(1000); // 2× density
    // Text and lines drew dark pixels (fonts were found by librsvg).
    let dark = 0;
    for (let i = 0; i < data.length; i += info.channels) if (data[i] < 80 && data[i + 1] < 80 && data[i + 2] < 80) dark++;
    expect(dark).toBeGreaterThan(2000);
  });
});
