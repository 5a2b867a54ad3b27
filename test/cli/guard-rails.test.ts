import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LEVELS_WITHOUT_YES, sweepCodecFlags } from '../../src/cli/codec-flags.js';
import { constructedResults } from '../report/constructed-results.js';
import { expectUserError, lv } from './lv.js';

describe('guard rails', () => {
  it('a range without a step that expands past 20 levels needs --yes, and says what it expands to', () => {
    const r = lv('run', '--model', 'zoo:centernet', '--data', 'demo/photos', '--codec', 'jpeg:50..10', '--out', join(tmpdir(), 'lv-never'));
    expectUserError(r, /^lossyvision: --codec jpeg:50\.\.10: Expected at most 20 levels without --yes but the range expands to 41 \(50, 49, 48, …, 11, 10\); add --yes to sweep them all, or give a step, e.g\. jpeg:50\.\.10\/5$/);
    const notes: string[] = [];
    expect(sweepCodecFlags(['jpeg:50..10'], [], true, (n) => notes.push(n))[0].levels).toHaveLength(41);
    expect(notes).toEqual(['--codec jpeg:50..10 expands to 41 jpeg levels: 50, 49, 48, …, 11, 10']);
    expect(MAX_LEVELS_WITHOUT_YES).toBe(20);
    // Lists and presets are what they say: no note.
    const quiet: string[] = [];
    sweepCodecFlags(['jpeg:95,75,50'], ['paper'], false, (n) => quiet.push(n));
    expect(quiet).toEqual([]);
  });

  it('run says what a small range expands to on stderr', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'lv-guard-')), 'out');
    const r = lv('run', '--model', 'zoo:centernet', '--data', 'demo/photos', '--max-samples', '1', '--codec', 'jpeg:90..10/40', '--out', out, '--no-report');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('lossyvision: note: --codec jpeg:90..10/40 expands to 3 jpeg levels: 90, 50, 10\n');
  }, 120_000);

  it('errors name the flag and the text they are about', () => {
    const r = lv('run', '--model', 'zoo:centernet', '--data', 'demo/photos', '--codec', 'jpeg:0', '--out', join(tmpdir(), 'lv-never'));
    expectUserError(r, /^lossyvision: --codec jpeg:0: Expected integer between 1 and 100 for quality but received 0 of type number$/);
  });

  it('--tolerance 2 on a 0–1 metric is an error, not "every level is safe"', async () => {
    const dir = await constructedResults([{ codec: 'pristine', level: null, right: 6, bpp: null }, { codec: 'jpeg', level: 50, right: 3, bpp: 1 }], 6);
    const r = lv('report', dir, '--tolerance', '2');
    expectUserError(r, /^lossyvision: Expected a tolerance below 1 for AP, a 0–1 metric \(0\.01 = 1 point; a relative tolerance gives a fraction of pristine\) but received 2: every level would be safe$/);
    expect(existsSync(join(dir, 'report', 'report.html'))).toBe(false);
  });

  it('compress warns when -o names another format, and answers --quality with the codec spec', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'lv-guard-')), 'x.jpg');
    const r = lv('compress', 'demo/photos/chelsea.png', '--codec', 'webp:50', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(`lossyvision: warning: -o ${out}: the extension does not match the webp bitstream written there (expected .webp)\n`);
    const jpeg = lv('compress', 'demo/photos/chelsea.png', '--codec', 'jpeg:50', '-o', out.replace(/jpg$/, 'JPEG'));
    expect(jpeg.stderr).toBe('');
    expectUserError(lv('compress', 'demo/photos/chelsea.png', '--quality', '50'), /^lossyvision: --quality is not an option of compress: the level is part of the codec spec, e.g\. --codec jpeg:50$/);
    expectUserError(lv('compress', 'demo/photos/chelsea.png'), /^lossyvision: Expected --codec for compress, e\.g\. --codec jpeg:50$/);
  });
});
