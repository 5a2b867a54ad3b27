import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { countText, etaText, heartbeatMs, heartbeatText } from '../../src/cli/progress.js';
import { etaPhrase, remainingMs } from '../../src/timing/eta.js';
import { root } from './lv.js';

const at = (done: number, total: number, extra: Partial<Parameters<typeof countText>[0]> = {}) => ({ done, total, failed: 0, current: 'zoo:centernet · jpeg:50', elapsedMs: 4000, ...extra });

describe('progress text', () => {
  it('never shows NF: no ETA before the first sample or while the total is unknown', () => {
    expect(etaText(at(0, 40))).toBe('–');
    expect(etaText(at(10, 40))).toBe('12 s');
    expect(etaText(at(10, 400, { elapsedMs: 10_000 }))).toBe('6 min 30 s');
    expect(etaText(at(3, 12, { unit: 'frames', totalKnown: false }))).toBe('–');
  });

  it('video sweeps count frames, with a + while videos remain unread', () => {
    expect(countText(at(3, 12))).toBe('3/12 samples');
    expect(countText(at(3, 12, { unit: 'frames', totalKnown: false }))).toBe('3/12+ frames');
    expect(countText(at(12, 12, { unit: 'frames', totalKnown: true }))).toBe('12/12 frames');
    expect(countText(at(0, 0, { unit: 'frames', totalKnown: false }))).toBe('0 frames (reading the first video)');
  });

  it('a heartbeat says which models load before the first sample', () => {
    expect(heartbeatText(undefined, 'zoo:centernet, zoo:nanodet', 3000)).toBe('loading zoo:centernet, zoo:nanodet… (3 s)');
    expect(heartbeatText(at(10, 40, { failed: 1 }), 'x', 0)).toBe('10/40 samples, 2.50/s, ETA 12 s, zoo:centernet · jpeg:50 (1 failed)');
    expect(heartbeatMs({})).toBe(10_000);
    expect(heartbeatMs({ LOSSYVISION_HEARTBEAT_S: '2' })).toBe(2000);
  });

  it('a run whose stderr is not a terminal prints heartbeat lines, counting video frames', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'lv-progress-')), 'out');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--model', 'zoo:centernet', '--data', 'demo/video/vtest-60.avi', '--codec', 'h264:30', '--frame-stride', '10', '--max-frames', '30', '--out', out, '--no-report'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, LOSSYVISION_HEARTBEAT_S: '0.5' } },
    );
    expect(r.status, r.stderr).toBe(0);
    const beats = r.stderr.split('\n').filter((l) => l.startsWith('lossyvision: progress: '));
    expect(beats.length, r.stderr).toBeGreaterThan(0);
    expect(beats[0]).toMatch(/^lossyvision: progress: (loading zoo:centernet… \(\d+ s\)|0 frames \(reading the first video\).*|\d+\/\d+\+? frames, .*)$/);
    for (const line of beats) {
      expect(line).not.toMatch(/NF|NaN|\/0 |samples/);
      if (!line.includes('loading') && !line.includes('reading')) expect(line).toMatch(/ \d+\/3\+? frames, /);
    }
    const plain = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--model', 'zoo:centernet', '--data', 'demo/video/vtest-60.avi', '--codec', 'h264:30', '--frame-stride', '10', '--max-frames', '30', '--out', out, '--no-report', '--no-progress'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, LOSSYVISION_HEARTBEAT_S: '0.5' } },
    );
    expect(plain.stderr).not.toContain('lossyvision: progress:');
  }, 180_000);

  it('an ETA is the pace so far times what is left, and nothing before the first unit', () => {
    expect(remainingMs(0, 8, 1000)).toBeUndefined();
    expect(remainingMs(2, 8, 1000)).toBe(3000);
    expect(remainingMs(3, 2, 1000)).toBeUndefined();
    expect(etaPhrase(2, 8, 1000)).toBe('ETA 3 s');
    expect(etaPhrase(0, 8, 1000)).toBe('ETA –');
    expect(etaPhrase(1, 3, 100_000)).toBe('ETA 3 min 20 s');
  });

  it('report shows its stages with an ETA: heartbeat lines in a log, none with --no-progress', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'lv-progress-report-')), 'out');
    const lv = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LOSSYVISION_HEARTBEAT_S: '0.2' } });
    const sweep = lv('run', '--model', 'zoo:centernet', '--data', 'demo/photos', '--codec', 'jpeg:50', '--out', out, '--no-report', '--no-progress');
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(sweep.stderr).not.toContain('lossyvision: progress:');
    const r = lv('report', out);
    expect(r.status, r.stderr).toBe(0);
    const beats = r.stderr.split('\n').filter((l) => l.startsWith('lossyvision: progress: '));
    expect(beats.length, r.stderr).toBeGreaterThan(0);
    for (const line of beats) expect(line).toMatch(/^lossyvision: progress: report [1-7]\/7: [a-z -]+, \d+ s, ETA (–|\d+ s|\d+ min \d\d s)$/);
    // Stages only move forward.
    const steps = beats.map((l) => Number(/report (\d)\//.exec(l)![1]));
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const quiet = lv('report', out, '--no-progress');
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toContain('lossyvision: progress:');
  }, 180_000);
});
