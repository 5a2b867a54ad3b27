import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the CLI from source in the repository root, as a user would. */
export const lv = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

/** A user error: exit 2, one line naming what was wrong, nothing on stdout, no stack. */
export function expectUserError(r: ReturnType<typeof lv>, message: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  // Progress lines may come first; the error is the last line.
  expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/**
 * A merge test's runs: the unsharded sweep into `full`, then shards 1…n of it into `s1`…`sn`
 * sharing one cache, each expected to exit 0; `full` gets `fullExtra` (e.g. --no-report).
 */
export function runFullAndShards(sweep: (out: string, ...extra: string[]) => string[], dir: (name: string) => string, n = 3, fullExtra: string[] = []): Map<string, ReturnType<typeof lv>> {
  const runs = new Map<string, ReturnType<typeof lv>>();
  for (const [out, extra] of [['full', fullExtra], ...Array.from({ length: n }, (_, i) => [`s${i + 1}`, ['--shard', `${i + 1}/${n}`, '--cache', dir('cache')]] as const)] as const) {
    const r = lv(...sweep(dir(out), ...extra));
    expect(r.status, r.stderr).toBe(0);
    runs.set(out, r);
  }
  return runs;
}
