import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]);

describe('layers flow one way', () => {
  it('models/ imports nothing from retrain/ (statically or lazily)', () => {
    const offenders = filesUnder(join(root, 'src/models')).filter((f) => importsOf(f).some((i) => i.includes('/retrain/')));
    expect(offenders.map((f) => f.slice(root.length))).toEqual([]);
  });

  it('sweep/ has no import cycle, type imports included', () => {
    const r = spawnSync(process.execPath, ['scripts/import-cycles.mjs', 'src', 'sweep'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('no cycles');
  });

  it('the library has no value-import cycle anywhere in src/', () => {
    const r = spawnSync(process.execPath, ['scripts/import-cycles.mjs', 'src', '', 'value'], { cwd: root, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('no cycles');
  });
});
