import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/report/analysis.js';
import { csvField, escapeHtml, escapeMarkdownCell } from '../../src/report/escape.js';
import { reportHtml } from '../../src/report/html.js';
import type { LoadedResults } from '../../src/report/load.js';
import { studyTable, tableMarkdown } from '../../src/report/tables.js';

const EVIL = '<img src=x onerror=alert(1)>';

/** Every user-supplied string of a results set set to markup. */
function hostileResults(): LoadedResults {
  const cell = (codec: string, level: number | null, ap: number) => ({
    runId: 'r', task: 'detection', model: EVIL, modelHash: null, position: 0, codec, level, n: 1, failures: 0,
    bpp: level === null ? null : 1 / (level + 1), psnr: 30, ssim: 0.9, metrics: { [`fam${EVIL}`]: { [EVIL]: ap } },
  });
  return {
    dir: `/results/${EVIL}`, database: '/r', hasSampleMetrics: false,
    failures: [{ runId: 'r', sample: EVIL, model: EVIL, codec: EVIL, level: 5, reason: `bad ${EVIL}` }],
    runs: [{ id: 'r', createdAt: '', groundTruth: `reference: ${EVIL}`, samples: 1, task: 'detection',
      provenance: { config: { data: EVIL } as never, dataset: { path: EVIL, format: 'folder', labelled: false, size: 1, contentSha256: EVIL } } }],
    columns: [{ family: `fam${EVIL}`, metric: EVIL }],
    cells: [cell(EVIL, null, 1), cell(EVIL, 50, 0.995), cell(EVIL, 10, 0.5)],
  };
}

describe('escaping user strings', () => {
  it('escapes HTML, Markdown cells and CSV fields', () => {
    expect(escapeHtml(EVIL)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &#39;b&#39;');
    expect(escapeMarkdownCell('a|b\n<c>')).toBe('a\\|b &lt;c&gt;');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });

  it('never lets a model, codec, metric, sample, path or reason name become markup in the HTML', async () => {
    const results = hostileResults();
    const analysis = await analyse(results);
    const tables = analysis.models.map((m) => studyTable(m, results.columns));
    const html = reportHtml({ results, analysis, tables, charts: [], visuals: { samples: [], notes: [] }, generatedAt: EVIL, toolVersion: EVIL });
    expect(html).not.toContain(EVIL);
    expect(html).not.toMatch(/<img(?![^>]*src="data:)/);
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length).toBeGreaterThan(10);
    expect(tableMarkdown(tables[0])).not.toContain(EVIL);
  });
});
