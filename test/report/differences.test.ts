import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/report/analysis.js';
import { buildDifferences, type DifferenceView } from '../../src/report/differences.js';
import { modelFirstFail } from '../../src/report/first-fail.js';
import { loadResults } from '../../src/report/load.js';
import { decodeDataUri, meanAbsDiff, undrawnPanel } from './panels.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A real sweep of the shipped photos, then its report; the difference views as the report builds them. */
async function sweep(name: string, ...args: string[]): Promise<{ out: string; views: readonly DifferenceView[]; fragile: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), `lv-differences-${name}-`));
  dirs.push(dir);
  const out = join(dir, 'results');
  const run = node('run', ...args, '--data', 'demo/photos', '--out', out, '--no-progress');
  expect(run.status, run.stderr).toBe(0);
  const results = await loadResults(out);
  const analysis = await analyse(results, { bootstrap: { replicates: 10 } });
  const firstFail = (await modelFirstFail(results, analysis.models[0]))!;
  const { views, notes } = await buildDifferences(results, analysis, [firstFail]);
  expect(notes).toEqual([]);
  return { out, views, fragile: firstFail.codecs.flatMap((c) => c.fragile.slice(0, 2).map((s) => `${c.codec} ${s.level} ${s.sample}`)) };
}

async function expectErrorImage(v: DifferenceView): Promise<void> {
  const error = await decodeDataUri(v.error);
  let grey = 0;
  let sum = 0;
  for (let i = 0; i < error.data.length; i += 3) {
    if (Math.abs(error.data[i] - error.data[i + 1]) <= 8 && Math.abs(error.data[i + 1] - error.data[i + 2]) <= 8) grey++;
    sum += error.data[i];
  }
  // Grey, and not black: the compressed input differs from pristine.
  expect(grey / (error.data.length / 3)).toBeGreaterThan(0.95);
  expect(sum / (error.data.length / 3)).toBeGreaterThan(2);
}

describe('difference views of the most fragile samples', () => {
  it('detection (zoo:centernet): boxes lost, new and kept at the first failing level, beside the error image', async () => {
    const { out, views, fragile } = await sweep('det', '--task', 'detection', '--model', 'zoo:centernet', '--codec', 'jpeg:50,5');
    expect(views.map((v) => `${v.codec} ${v.level} ${v.sampleId}`)).toEqual(fragile);
    expect(views.length).toBeGreaterThan(0);
    for (const v of views) {
      expect(v.legend).toMatch(/^red dashed: \d+ pristine box(es)? lost or moved \(IoU < 0\.5\); orange: \d+ new; green: \d+ kept$/);
      // Something was lost or added: that is why the sample failed there.
      expect(v.legend).not.toMatch(/^red dashed: 0 .*orange: 0 new/);
      const drawn = await decodeDataUri(v.difference);
      expect(meanAbsDiff(drawn, await undrawnPanel(join(root, 'demo/photos', v.sampleId)))).toBeGreaterThan(0.5);
      await expectErrorImage(v);
    }
    expect(node('report', out).status).toBe(0);
    const html = await readFile(join(out, 'report', 'report.html'), 'utf8');
    expect(html).toContain('<h2>What the fragile samples lost</h2>');
    expect(html).toContain('<h2>Where it collapses</h2>');
  }, 180_000);

  it('segmentation (zoo:selfie): pixels whose class flipped, the rest darkened, beside the error image', async () => {
    const { views, fragile } = await sweep('seg', '--task', 'segmentation', '--model', 'zoo:selfie', '--codec', 'jpeg:50,5');
    expect(views.map((v) => `${v.codec} ${v.level} ${v.sampleId}`)).toEqual(fragile);
    expect(views.length).toBeGreaterThan(0);
    for (const v of views) {
      const flipped = Number(/^(\d+) pixels/.exec(v.legend)![1]);
      expect(flipped).toBeGreaterThan(0);
      const drawn = await decodeDataUri(v.difference);
      const photo = await undrawnPanel(join(root, 'demo/photos', v.sampleId));
      const mean = (p: { data: Buffer }) => p.data.reduce((a, b) => a + b, 0) / p.data.length;
      expect(mean(drawn)).toBeLessThan(0.6 * mean(photo));
      await expectErrorImage(v);
    }
  }, 180_000);
});
