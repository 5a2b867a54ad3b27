/**
 * Action sweeps shard by video (all of a video's clips in one shard) and merge to a one-machine
 * run's files, byte for byte: the generated UCF101-style fixture (two splits, an unreadable video),
 * its two-stream ONNX model, real H.264 and JPEG, split into 3 shards; also with a shard killed
 * mid-run and run again.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTwoStreamUcf } from '../sweep/action-fixture.js';
import { expectUserError, lv, root, runFullAndShards } from './lv.js';

const require = createRequire(import.meta.url);
const ortBin = join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
const cudaInstalled = existsSync(join(ortBin, 'libonnxruntime_providers_cuda.so'));

const FILES = ['table.json', 'table.md', 'table.csv', 'results.json', 'results.csv', 'failures.csv'];
const expectSameFiles = (a: string, b: string): void => {
  for (const file of FILES) expect(readFileSync(join(b, file), 'utf8'), file).toBe(readFileSync(join(a, file), 'utf8'));
};

let base: string;
let model: string;
const dir = (name: string): string => join(base, name);
const sweep = (out: string, ...extra: string[]): string[] => [
  'run', '--task', 'action', '--model', model, '--data', dir('data'), '--codec', 'h264:23', '--codec', 'jpeg:50', '--clips', '2', '--no-progress', '--out', out, ...extra,
];

describe('lossyvision run --task action --shard, then merge', () => {
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'lv-merge-action-'));
    model = await writeTwoStreamUcf(dir('data'));
    for (const [out, r] of runFullAndShards(sweep, dir, 3, ['--no-report'])) {
      if (out !== 'full') expect(r.stderr).toMatch(new RegExp(`shard ${out[1]}/3: \\d of 5 videos; for merge:`));
    }
  }, 300_000);

  it('gives each shard whole videos (their clips together), the unreadable one included', () => {
    const manifests = ['s1', 's2', 's3'].map((s) => JSON.parse(readFileSync(join(dir(s), 'shard.json'), 'utf8')));
    expect(manifests[0].unit).toBeUndefined();
    expect(manifests.map((m) => [...m.samples].sort())).toEqual([
      ['down/v_down_g02_c01.mkv', 'right/v_right_g02_c01.mkv'],
      ['right/v_right_g01_c01.mkv'],
      ['down/v_down_g01_c01.mkv', 'right/v_right_g03_c01.mkv'],
    ]);
    expect(manifests.flatMap((m) => m.samples).sort()).toEqual([...manifests[0].planned].sort());
  });

  it('merges to the unsharded run’s tables and results, byte for byte, also with a retried shard', () => {
    const r = lv('merge', dir('s1'), dir('s2'), dir('s3'), '--out', dir('merged'));
    expect(r.status, r.stderr).toBe(0);
    expectSameFiles(dir('full'), dir('merged'));
    expect(JSON.parse(readFileSync(join(dir('merged'), 'provenance.json'), 'utf8')).dataset.contentSha256).toBe(
      JSON.parse(readFileSync(join(dir('full'), 'provenance.json'), 'utf8')).dataset.contentSha256,
    );
    cpSync(dir('s1'), dir('s1-retry'), { recursive: true });
    const dup = lv('merge', dir('s1-retry'), dir('s2'), dir('s3'), dir('s1'), '--out', dir('merged-dup'));
    expect(dup.status, dup.stderr).toBe(0);
    expect(dup.stderr).toMatch(/2 videos were finished by two shards; each is counted once/);
    expectSameFiles(dir('full'), dir('merged-dup'));
    const report = lv('report', dir('merged'));
    expect(report.status, report.stderr).toBe(0);
  }, 120_000);

  it('a shard killed mid-run (SIGKILL, once its first outcome is cached) and run again merges to the same numbers', async () => {
    // Shard 3 has two videos; a cache of its own, so the killed run computes rather than reads.
    const out = dir('killed');
    const cache = dir('cache-killed');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...sweep(out, '--shard', '3/3', '--cache', cache)], { cwd: root, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const predictions = join(cache, 'predictions');
    const count = (): number => (existsSync(predictions) ? readdirSync(predictions).length : 0);
    for (const deadline = Date.now() + 120_000; count() < 1 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(join(out, 'shard.json'))).toBe(false);
    const rerun = lv(...sweep(out, '--shard', '3/3', '--cache', cache));
    expect(rerun.status, rerun.stderr).toBe(0);
    const r = lv('merge', dir('s1'), dir('s2'), out, '--out', dir('merged-killed'));
    expect(r.status, r.stderr).toBe(0);
    expectSameFiles(dir('full'), dir('merged-killed'));
  }, 300_000);

  // Where onnxruntime has no CUDA provider (no GPU machine here), --device cuda must reach the
  // action model's load and stop there, not run on the CPU unasked.
  it.skipIf(cudaInstalled)('--device cuda reaches the action model: without the CUDA provider, one line saying how to get it', () => {
    expectUserError(lv(...sweep(dir('cuda'), '--device', 'cuda')), /CUDA execution provider.*or use --device cpu/);
  });

  it('refuses a merge with videos in no shard', () => {
    expectUserError(lv('merge', dir('s1'), dir('s3'), '--out', dir('merged-missing')), /merge: 1 of 5 videos are in no shard \(right\/v_right_g01_c01\.mkv\)/);
  });
});
