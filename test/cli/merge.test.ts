/**
 * Sharded sweeps merge to a one-machine run's files, byte for byte: on the demo images (a real
 * detector, real JPEG), with a retried shard (duplicate samples), a missing one, a shard of
 * another plan, and a shard killed mid-run and run again.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectUserError, lv, root, runFullAndShards } from './lv.js';

const sweep = (out: string, ...extra: string[]): string[] => [
  'run', '--model', 'zoo:centernet', '--data', 'demo', '--codec', 'jpeg:50,10', '--workers', '1', '--no-progress', '--out', out, ...extra,
];
/** The files a one-machine run writes whose every byte must come back from a merge. */
const FILES = ['table.json', 'table.md', 'table.csv', 'results.json', 'results.csv', 'failures.csv'];
const expectSameFiles = (a: string, b: string): void => {
  for (const file of FILES) expect(readFileSync(join(b, file), 'utf8'), file).toBe(readFileSync(join(a, file), 'utf8'));
};

let base: string;
const dir = (name: string): string => join(base, name);

describe('lossyvision run --shard, then merge', () => {
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'lv-merge-'));
    runFullAndShards(sweep, dir);
  }, 300_000);

  it('writes a manifest naming the experiment, the shard, its samples, versions and host', () => {
    const manifests = ['s1', 's2', 's3'].map((s) => JSON.parse(readFileSync(join(dir(s), 'shard.json'), 'utf8')));
    expect(manifests.map((m) => m.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(new Set(manifests.map((m) => m.experimentId)).size).toBe(1);
    const covered = manifests.flatMap((m) => m.samples as string[]);
    expect(covered.sort()).toEqual([...manifests[0].planned].sort());
    expect(manifests[0].tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(manifests[0].codecs)).toContain('jpeg');
    expect(typeof manifests[0].host).toBe('string');
  });

  it('merges to the unsharded run’s tables and results, byte for byte, and report works on it', () => {
    const r = lv('merge', dir('s1'), dir('s2'), dir('s3'), '--out', dir('merged'));
    expect(r.status, r.stderr).toBe(0);
    expectSameFiles(dir('full'), dir('merged'));
    const provenance = JSON.parse(readFileSync(join(dir('merged'), 'provenance.json'), 'utf8'));
    expect(provenance.shards.map((s: { shard: string }) => s.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(provenance.dataset.contentSha256).toBe(JSON.parse(readFileSync(join(dir('full'), 'provenance.json'), 'utf8')).dataset.contentSha256);
    const report = lv('report', dir('merged'));
    expect(report.status, report.stderr).toBe(0);
  }, 120_000);

  it('counts a sample two shards finished (a retried array task) once', () => {
    cpSync(dir('s2'), dir('s2-retry'), { recursive: true });
    const r = lv('merge', dir('s1'), dir('s2'), dir('s2-retry'), dir('s3'), '--out', dir('merged-dup'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/samples were finished by two shards; each is counted once/);
    expectSameFiles(dir('full'), dir('merged-dup'));
  }, 120_000);

  it('refuses a merge with samples in no shard unless --allow-missing', () => {
    const planned = JSON.parse(readFileSync(join(dir('s1'), 'shard.json'), 'utf8')).planned.length;
    const given = JSON.parse(readFileSync(join(dir('s1'), 'shard.json'), 'utf8')).samples.length;
    expectUserError(lv('merge', dir('s1'), '--out', dir('merged-missing')), new RegExp(`merge: ${planned - given} of ${planned} samples are in no shard .*--allow-missing`));
    const r = lv('merge', dir('s1'), '--allow-missing', '--out', dir('merged-missing'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`warning: ${planned - given} samples are in no shard`));
    const table = JSON.parse(readFileSync(join(dir('merged-missing'), 'table.json'), 'utf8'));
    expect(table.rows[0].n).toBe(given);
  }, 120_000);

  it('refuses shards of another plan, naming the shard and the setting', () => {
    const r = lv(...sweep(dir('other'), '--shard', '2/3', '--codec', 'jpeg:75', '--cache', dir('cache')));
    expect(r.status, r.stderr).toBe(0);
    const merged = lv('merge', dir('s1'), dir('other'), dir('s3'), '--out', dir('merged-mixed'));
    expectUserError(merged, new RegExp(`${dir('other')} is a shard of another plan .*conditions:`));
  }, 120_000);

  it('refuses shards that planned other samples (the dataset differs between machines)', () => {
    cpSync(dir('s2'), dir('s2-other-data'), { recursive: true });
    const path = join(dir('s2-other-data'), 'shard.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...manifest, planned: [...manifest.planned.slice(0, -1), 'photos/extra.png'] }));
    expectUserError(lv('merge', dir('s1'), dir('s2-other-data'), dir('s3'), '--out', dir('merged-other')), /planned other samples than .*position \d+: photos\/extra\.png and .*the dataset differs/);
  });

  it('a shard killed mid-run and run again merges to the same numbers', async () => {
    const out = dir('killed');
    const cache = dir('cache-killed');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...sweep(out, '--shard', '2/3', '--cache', cache)], { cwd: root, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const predictions = join(cache, 'predictions');
    const count = (): number => (existsSync(predictions) ? readdirSync(predictions).length : 0);
    const deadline = Date.now() + 120_000;
    while (count() < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(out, 'shard.json'))).toBe(false);
    // Its lock stays behind (SIGKILL); the rerun takes it over, its pid being dead.
    expect(existsSync(join(out, '.lossyvision.lock'))).toBe(true);
    const rerun = lv(...sweep(out, '--shard', '2/3', '--cache', cache));
    expect(rerun.status, rerun.stderr).toBe(0);
    const r = lv('merge', dir('s1'), out, dir('s3'), '--out', dir('merged-killed'));
    expect(r.status, r.stderr).toBe(0);
    expectSameFiles(dir('full'), dir('merged-killed'));
  }, 300_000);

  it('refuses a second run into an --out another live process holds, naming its host and pid', () => {
    const out = dir('locked');
    const r0 = lv('merge', dir('s1'), dir('s2'), dir('s3'), '--out', out);
    expect(r0.status, r0.stderr).toBe(0);
    // This test's own process stands in for the run that holds the folder.
    writeFileSync(join(out, '.lossyvision.lock'), JSON.stringify({ host: 'node-17', pid: process.pid, since: '2026-01-01T00:00:00.000Z' }));
    expectUserError(lv('merge', dir('s1'), dir('s2'), dir('s3'), '--out', out), /results folder is in use by process \d+ on node-17 .*delete .*\.lossyvision\.lock/);
    expectUserError(lv(...sweep(out)), /results folder is in use by process \d+ on node-17/);
  }, 120_000);
});

describe('lossyvision run --shard, bad input', () => {
  const flags = (out: string, ...extra: string[]): string[] => ['run', '--model', 'zoo:centernet', '--data', 'demo', '--codec', 'jpeg:50', '--out', out, ...extra];
  it('names the flag or the variables looked for', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lv-shard-flags-'));
    expectUserError(lv(...flags(out, '--shard', '5/4')), /Expected K\/N with 1 ≤ K ≤ N ≤ 100000 \(or "auto"\) for shard but received/);
    expectUserError(lv(...flags(out, '--shard', 'auto', '--shards', '0')), /for shards but received/);
    // (Inside an array job, as the lead's CI might be, there is an index to find.)
    const inArray = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'].some((v) => process.env[v] !== undefined);
    if (!inArray) expectUserError(lv(...flags(out, '--shard', 'auto')), /no array index found; looked for SLURM_ARRAY_TASK_ID .*JOB_COMPLETION_INDEX .*AWS_BATCH_JOB_ARRAY_INDEX/);
  }, 120_000);
});
