/**
 * Outputs do not drift: the demo's, the video demo's, the action fixture's and a small
 * retraining study's tables, saved before the "one task, one sweep" refactor
 * (test/fixtures/golden, written by the tool at commit ca89182), must come out again. Codec
 * figures (bytes, bpp, PSNR, SSIM) and inference are deterministic, so the tolerance only
 * absorbs floating-point summation order on other hardware (1e-9 relative; training: 1e-6).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_ARGS } from '../../scripts/demo.js';
import { DEMO_VIDEO_ARGS } from '../../scripts/demo-video.js';
import { writeTwoStreamUcf } from '../sweep/action-fixture.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const golden = (name: string): unknown => JSON.parse(readFileSync(join(root, 'test/fixtures/golden', name), 'utf8'));
const lv = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
/** A table file with this run's folders written as the placeholders the golden files use (<data>, <cache>, <out>). */
const json = (file: string, folders: Record<string, string> = {}): unknown => {
  let text = readFileSync(file, 'utf8');
  for (const [placeholder, dir] of Object.entries(folders)) text = text.split(dir).join(placeholder);
  return JSON.parse(text);
};

/** Every saved value comes out again, numbers to a relative tolerance; the path of the first difference in the message. */
function expectSame(actual: unknown, expected: unknown, tolerance: number, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const ok = actual === expected || Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
    expect(ok, `${path}: ${actual} ≠ ${expected}`).toBe(true);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length, `${path}: length`).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, tolerance, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', `${path}: object`).toBe(true);
    // Every saved field comes out again; fields added since (a new recovery figure) may come beside them.
    expect(Object.keys(actual as object), `${path}: keys`).toEqual(expect.arrayContaining(Object.keys(expected)));
    for (const [k, v] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], v, tolerance, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

interface Table {
  columns: string[];
  rows: { model: string; codec: string; level: number | null }[];
}

/**
 * Every saved row comes out again with the same numbers; rows of settings added to a demo since
 * (the demo's second JPEG setting) may come beside them.
 */
function expectRows(actual: unknown, expected: unknown, tolerance: number): void {
  const a = actual as Table;
  const e = expected as Table;
  expect(a.columns).toEqual(e.columns);
  for (const row of e.rows) {
    const found = a.rows.find((r) => r.model === row.model && r.codec === row.codec && r.level === row.level);
    expect(found, `row ${row.model} ${row.codec} ${row.level}`).toBeDefined();
    expectSame(found, row, tolerance, `${row.model} ${row.codec}:${row.level}`);
  }
}

const withOut = (args: readonly string[], out: string): string[] => {
  const i = args.indexOf('--out');
  return [...args.slice(0, i), '--out', out, ...args.slice(i + 2)];
};

describe('outputs do not drift', () => {
  it('the demo table (two zoo detectors × JPEG and WebP on the shipped photos)', () => {
    const out = mkdtempSync(join(tmpdir(), 'lv-golden-demo-'));
    const r = lv(...withOut(DEMO_ARGS, out), '--no-progress');
    expect(r.status, r.stderr).toBe(0);
    expectRows(json(join(out, 'table.json')), golden('demo-table.json'), 1e-9);
  }, 600_000);

  it('the video demo table (H.264 and JPEG per frame on the street video)', () => {
    const out = mkdtempSync(join(tmpdir(), 'lv-golden-video-'));
    const r = lv(...withOut(DEMO_VIDEO_ARGS, out), '--no-progress');
    expect(r.status, r.stderr).toBe(0);
    expectSame(json(join(out, 'table.json')), golden('video-table.json'), 1e-9);
  }, 600_000);

  it('the action fixture table (two-stream, H.264 and JPEG, two splits)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lv-golden-action-'));
    const model = await writeTwoStreamUcf(join(dir, 'data'));
    const r = lv('run', '--task', 'action', '--model', model, '--data', join(dir, 'data'), '--codec', 'h264:23,51', '--codec', 'jpeg:50', '--clips', '2', '--out', join(dir, 'out'), '--no-progress');
    expect(r.status, r.stderr).toBe(0);
    expectSame(json(join(dir, 'out', 'table.json'), { '<data>': join(dir, 'data') }), golden('action-table.json'), 1e-9);
  }, 600_000);

  it('a retraining study (Fashion-MNIST, JPEG 10, control arm) and its sweep table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lv-golden-retrain-'));
    const out = join(dir, 'out');
    const r = lv(
      'retrain', '--model', 'ref:fashion-cnn', '--train', 'builtin:fashion-mnist:train', '--test', 'builtin:fashion-mnist:test',
      '--max-train', '300', '--max-test', '60', '--epochs', '1', '--pretrain-epochs', '1', '--codec', 'jpeg:10', '--test-codec', 'jpeg:10,1',
      '--control', '--cache', join(dir, 'cache'), '--out', out,
    );
    expect(r.status, r.stderr).toBe(0);
    const expected = golden('retrain-results.json') as Record<string, unknown>;
    const actual = json(join(out, 'results.json')) as Record<string, unknown>;
    const strip = (o: unknown): unknown =>
      Array.isArray(o) ? o.map(strip)
        : o !== null && typeof o === 'object'
          ? Object.fromEntries(Object.entries(o).filter(([k]) => !['seconds', 'modelDir'].includes(k)).map(([k, v]) => [k, strip(v)]))
          : o;
    expectSame(strip(Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k]]))), expected, 1e-6);
    // 0.500 → 0.467 on 60 images is inside the bootstrap's noise, 0.500 → 0.400 is not: gap closed n/a at JPEG 10 only.
    expect(actual.lossWithinNoise).toEqual(['jpeg:10']);
    expect(r.stdout).toMatch(/^jpeg:10 .* n\/a /m);
    // Each epoch line counts the phase's epochs and gives its ETA: the control and the JPEG 10 arm, one epoch each.
    expect(r.stderr).toMatch(/ epoch 1: .*; 1\/2 epochs of retraining, ETA \d+ s\)$/m);
    expect(r.stderr).toMatch(/ epoch 1: .*; 2\/2 epochs of retraining, ETA 0 s\)$/m);
    expectSame(json(join(out, 'sweep', 'table.json'), { '<cache>': join(dir, 'cache'), '<out>': out }), golden('retrain-sweep-table.json'), 1e-6);
  }, 600_000);
});
