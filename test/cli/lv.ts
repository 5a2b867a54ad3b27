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
