import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lv } from './lv.js';

describe('run ends with the answer', () => {
  it('prints the verdict per model × codec in words, explains reference mode and bpp once, and writes the report', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'lv-verdict-')), 'out');
    const r = lv('run', '--model', 'zoo:centernet', '--data', 'demo/photos', '--codec', 'jpeg:75,10', '--codec', 'webp:50', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const verdict = r.stdout.slice(r.stdout.indexOf('\nverdict\n') + 1).split('\n');
    expect(verdict[0]).toBe('verdict');
    expect(verdict[1]).toMatch(/^zoo:centernet: AP 1\.000 on pristine data; safe = the most compressed level within 0\.01 AP of pristine$/);
    for (const [i, codec] of ['jpeg', 'webp'].entries()) {
      expect(verdict[2 + i]).toMatch(new RegExp(`^  ${codec}: (safe down to quality \\d+|no level is safe: already quality \\d+, the mildest swept, .*) \\(.*n = 4.*too few samples.*\\)`));
      expect(verdict[2 + i]).not.toMatch(/none/);
    }
    expect(r.stdout.match(/^reference mode: /gm)).toHaveLength(1);
    expect(r.stdout.match(/^bpp: bits per pixel/gm)).toHaveLength(1);
    expect(r.stdout).toContain(`report: ${join(out, 'report', 'report.html')}\n`);
    await access(join(out, 'report', 'report.html'));
  }, 120_000);

  it('--no-report prints the verdict and writes no report; an undefined pristine score gets no verdict, said so', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'lv-verdict-')), 'out');
    const r = lv('run', '--model', 'zoo:centernet', '--data', 'demo/photos', '--max-samples', '1', '--codec', 'jpeg:50', '--out', out, '--no-report');
    expect(r.status, r.stderr).toBe(0);
    // The first sample of the seeded order has no pristine detection above the reference threshold.
    expect(r.stdout).toMatch(/^zoo:centernet: no verdict: AP is undefined on the pristine samples \(their ground truth holds nothing to score\)$/m);
    expect(r.stdout).not.toContain('report: ');
    await expect(access(join(out, 'report'))).rejects.toThrow();
  }, 120_000);

  it('a dataset with named classes (VOC masks, 21 classes) gets its report: the stored states load into metrics built as the sweep built them', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'lv-verdict-')), 'out');
    const r = lv('run', '--task', 'segmentation', '--model', 'zoo:selfie', '--data', 'test/fixtures/datasets/voc', '--codec', 'jpeg:50', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const analysis = JSON.parse(await readFile(join(out, 'report', 'analysis.json'), 'utf8')) as { perClass: { classes: { name: string }[] }[] };
    // Classes named from the dataset (VOC's list), not by index.
    expect(analysis.perClass[0].classes.map((k) => k.name)).toContain('background');
  }, 120_000);
});
