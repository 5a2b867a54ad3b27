// Import cycles among src/ files (Tarjan SCC over static imports): `node scripts/import-cycles.mjs src sweep` lists cycles inside src/sweep; add `value` to ignore type-only imports.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
const root = resolve(process.argv[2]); const scope = process.argv[3] ?? ''; const valueOnly = process.argv[4] === 'value';
const files = []; const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts')) files.push(p); } };
walk(root);
const graph = new Map();
for (const f of files) {
  const src = readFileSync(f, 'utf8');
  const deps = [...src.matchAll(/(import|export)(\s+type)?[^'"]*?from\s+'(\.[^']+)'/g)].filter((m) => !(valueOnly && m[2])).map((m) => resolve(dirname(f), m[3].replace(/\.js$/, '.ts')));
  graph.set(f, deps.filter((d) => files.includes(d) && relative(root, d).startsWith(scope)));
}
let index = 0; const idx = new Map(), low = new Map(), st = [], on = new Set(), sccs = [];
const strong = (v) => { idx.set(v, index); low.set(v, index++); st.push(v); on.add(v);
  for (const w of graph.get(v) ?? []) { if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w))); }
  if (low.get(v) === idx.get(v)) { const c = []; let w; do { w = st.pop(); on.delete(w); c.push(relative(root, w)); } while (w !== v); if (c.length > 1) sccs.push(c); } };
for (const f of files.filter((f) => relative(root, f).startsWith(scope))) if (!idx.has(f)) strong(f);
console.log(sccs.length ? sccs.map((c) => c.join(', ')).join('\n') : 'no cycles');
