/**
 * A shared cache (NFS, Lustre, one disk) written by many shards at once: four processes write
 * and read the same content-addressed entries 200 times each; every read gets the whole,
 * right entry and none is ever seen as damaged (writes are a temporary file, then a rename).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../cli/lv.js';

function race(dir: string, rounds: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/sweep/cache-race-worker.ts', dir, String(rounds)], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the cache under concurrent writers', () => {
  it('never hands a process a torn or half-written entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-cache-race-'));
    const results = await Promise.all(Array.from({ length: 4 }, () => race(dir, 200)));
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe('200');
    }
    // No temporary file is left behind, and five entries exist, once each.
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    const shards = await readdir(join(dir, 'predictions'));
    let entries = 0;
    for (const s of shards) entries += (await readdir(join(dir, 'predictions', s))).length;
    expect(entries).toBe(5);
  }, 120_000);
});
