import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');

interface Edge {
  from: string;
  to: string;
  /** `import type` / `export type`: erased at compile time, so no load order. */
  typeOnly: boolean;
}

// Static `import … from './x.js'`, `export … from`, `import './x.js'`; `import()` is lazy and left out.
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]/gm;

/** The relative static imports of every .ts file under src/, as paths relative to src/. */
function importGraph(): Edge[] {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.flatMap((file) => [...readFileSync(path.join(SRC, file), 'utf8').matchAll(IMPORT)].map((m) => ({
    from: file.split(path.sep).join('/'),
    to: path.posix.normalize(path.posix.join(path.posix.dirname(file.split(path.sep).join('/')), m[2] ?? m[3])).replace(/\.js$/, '.ts'),
    typeOnly: m[1] !== undefined,
  })));
}

/** Cycles of runtime imports among files under `folder`, each as the files around it. */
function runtimeCycles(edges: readonly Edge[], folder: string, withTypes = false): string[][] {
  const inside = (f: string): boolean => f.startsWith(folder);
  const next = new Map<string, string[]>();
  for (const e of edges) if ((withTypes || !e.typeOnly) && inside(e.from) && inside(e.to)) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const found: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    stack.push(f);
    for (const t of next.get(f) ?? []) {
      if (stack.includes(t)) found.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!done.has(t)) visit(t);
    }
    stack.pop();
    done.add(f);
  };
  for (const f of next.keys()) if (!done.has(f)) visit(f);
  return found;
}

describe('layering', () => {
  const edges = importGraph();

  it('finds the imports it checks', () => {
    expect(edges.some((e) => e.from === 'models/load.ts' && e.to === 'models/layers-format.ts')).toBe(true);
    expect(edges.some((e) => e.from === 'retrain/study.ts' && e.to === 'models/layers/io.ts')).toBe(true);
  });

  it('models/ imports nothing from retrain/ (retrain builds on models, not the reverse)', () => {
    expect(edges.filter((e) => e.from.startsWith('models/') && e.to.startsWith('retrain/')).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('sweep/ and models/ have no import cycle', () => {
    expect(runtimeCycles(edges, 'sweep/')).toEqual([]);
    expect(runtimeCycles(edges, 'models/')).toEqual([]);
  });

  it('sweep/ has no cycle even through type-only imports', () => {
    expect(runtimeCycles(edges, 'sweep/', true)).toEqual([]);
  });

  it('models/ does not reach retrain/ lazily either (import())', () => {
    const files = readdirSync(path.join(SRC, 'models'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const lazy = files.filter((f) => /import\(['"][^'"]*\/retrain\//.test(readFileSync(path.join(SRC, 'models', f), 'utf8')));
    expect(lazy).toEqual([]);
  });
});
