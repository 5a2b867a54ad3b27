import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lv, root } from './lv.js';

describe('lossyvision run --retrained-of', () => {
  it('refuses a pair naming a model the run does not sweep, before any work', () => {
    const r = lv('run', '--model', 'zoo:centernet', '--data', 'demo/photos', '--codec', 'jpeg:50', '--retrained-of', 'ft.onnx=zoo:centernet', '--out', join(tmpdir(), 'lv-never'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('lossyvision: Expected --retrained-of to name models given with --model (zoo:centernet) but received "ft.onnx"\n');
    const malformed = lv('run', '--model', 'zoo:centernet', '--data', 'demo/photos', '--codec', 'jpeg:50', '--retrained-of', 'zoo:centernet');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/^lossyvision: Expected RETRAINED=PRETRAINED/);
  }, 60_000);

  it('records the pairing in provenance, and report shows the retrained columns without a flag', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-run-retrained-'));
    await copyFile(join(root, 'demo/photos/rocket.jpg'), join(dir, 'rocket.jpg'));
    const out = join(dir, 'out');
    // Two real detectors stand in for a pre-trained model and its retrained counterpart.
    const r = lv('run', '--model', 'zoo:centernet', '--model', 'zoo:nanodet', '--data', dir, '--codec', 'jpeg:10', '--retrained-of', 'zoo:nanodet=zoo:centernet', '--workers', '1', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const provenance = JSON.parse(await readFile(join(out, 'provenance.json'), 'utf8')) as { models: { id: string; provenance: Record<string, string> }[] };
    expect(provenance.models.map((m) => [m.id, m.provenance.retrainedOf])).toEqual([['zoo:centernet', undefined], ['zoo:nanodet', 'zoo:centernet']]);
    const report = lv('report', out, '--out', join(dir, 'report'));
    expect(report.status, report.stderr).toBe(0);
    const tables = await readFile(join(dir, 'report', 'tables.md'), 'utf8');
    expect(tables).toContain('### detection · zoo:centernet');
    expect(tables).not.toContain('### detection · zoo:nanodet');
    expect(tables).toMatch(/\| AP retrained \| relative gain \| gap closed \|/);
  }, 120_000);
});
