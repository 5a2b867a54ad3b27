import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyse, loadResults, storeResults, sweep, type SweepProgress } from '../src/index.js';
import { root } from './cli/lv.js';

/** The first ```ts block of the README's "## Library" section. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library\n'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no ```ts block under ## Library');
  return block[1];
}

describe('the library entry point', () => {
  it('is a small surface at the top level, the rest in namespaces named after the domain', async () => {
    const api = await import('../src/index.js');
    const namespaces = ['codecs', 'datasets', 'engine', 'inspect', 'media', 'models', 'report', 'retrain', 'tasks', 'video'];
    const values = Object.keys(api).filter((k) => !namespaces.includes(k));
    // The calls of the README's Library section, the errors, and little else.
    expect(values.length).toBeLessThan(30);
    for (const name of ['sweep', 'analyse', 'verdictLines', 'writeReport', 'loadResults', 'storeResults', 'runSweep', 'compressFile', 'LossyvisionError']) expect(values).toContain(name);
    for (const ns of namespaces) expect(Object.keys((api as unknown as Record<string, object>)[ns]).length, ns).toBeGreaterThan(3);
    expect(api.codecs.getImageCodec('jpeg').id).toBe('jpeg');
    expect(typeof api.tasks.CocoBboxMetric).toBe('function');
    expect(typeof api.engine.SweepCache).toBe('function');
  });

  it('the README example runs as written and prints the safe levels', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-library-'));
    const file = join(dir, 'example.mts'); // ESM, as in the package: top-level await
    const code = (await readmeExample()).replace(/from 'lossyvision'/g, `from '${pathToFileURL(join(root, 'src/index.ts')).href}'`);
    expect(code).toContain('sweep({');
    await writeFile(file, code);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^zoo:centernet jpeg safe down to \d+ \{/m);
    expect(r.stdout).toMatch(/^ {2}jpeg: (safe down to quality \d+|no level is safe)/m);
    // Progress per sample: 0/4 … 4/4 on the four demo photos.
    expect(r.stderr).toMatch(/^4\/4 /m);
  }, 180_000);

  it('analyses in memory exactly as from the stored results folder, with progress per sample', async () => {
    const progress: SweepProgress[] = [];
    const cacheDir = await mkdtemp(join(tmpdir(), 'lv-library-cache-'));
    const result = await sweep({ models: ['zoo:centernet'], data: 'demo/photos', codecs: ['jpeg:50,5'], maxSamples: 3, workers: 1, cacheDir, onProgress: (p) => progress.push(p) });
    expect(result.config.seed).toBe(0);
    expect(result.config.referenceThreshold).toBe(0.5);
    // Samples are counted as they leave the in-order accumulator: never backwards, and two may
    // leave together when a later one finished first (two samples are in flight per worker).
    const done = progress.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });

    const options = { bootstrap: { replicates: 200 } };
    const inMemory = await analyse(result, options);
    const out = await mkdtemp(join(tmpdir(), 'lv-library-out-'));
    await storeResults(result, out);
    const fromDisk = await analyse(await loadResults(out), options);
    const decisions = (a: typeof inMemory) =>
      a.models.map((m) => ({ model: m.model, label: m.label, pristine: m.pristineValue, ci: m.ciNote, codecs: m.codecs.map((c) => ({ codec: c.codec, safe: c.threshold.safe, interval: c.thresholdInterval, levels: c.levels.map((l) => [l.level, l.value, l.change, l.changeInterval, l.cell.bpp]) })) }));
    expect(decisions(inMemory)).toEqual(decisions(fromDisk));
    expect(inMemory.models[0].ciNote).toMatch(/^bootstrap 95 % CI over 3 samples/);
  }, 180_000);
});
