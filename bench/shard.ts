/**
 * `npm run bench:shard`: what sharding costs. The demo's sweep (scripts/demo.ts, without its
 * report: a shard writes none, `report` runs once on the merged folder) run unsharded, then as 1,
 * 2 and 4 shards one after another, the whole sequence `--repeats` times (default 3: medians and
 * ranges at the end), each run a fresh CLI process on a cold cache of its own, so
 * every shard pays its own start-up (Node, imports, models) as it would on its own machine: the
 * sum of shard times against the unsharded time is the overhead. The CLI is the built one users
 * run (`dist/cli/main.js`): the bench builds it first (`npm run build`), so tsx's compile-on-load
 * is not counted. CPU time (of the child processes, from /proc) is printed beside wall time: on a
 * machine others are using, wall time swings with their load (the 1-minute load average is
 * printed per row), CPU time much less. Then `merge`
 * of 100 000 samples × 2 cells: the demo's real per-sample records (one model, JPEG 50),
 * repeated under new sample ids (and image ids) over 4 shards, merged and stored as `lossyvision merge` does.
 *
 *   npm run bench:shard                 # both parts
 *   npm run bench:shard -- --repeats 1  # one sequence
 *   npm run bench:shard -- --data DIR   # the demo's sweep on another folder of images: how the
 *                                       # fixed per-process cost amortises over bigger shards
 *   npm run bench:shard -- --merge-only # the merge part alone */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_ARGS } from '../scripts/demo.js';
import type { SampleRecord } from '../src/sweep/accumulate.js';
import { mergeShards } from '../src/sweep/merge.js';
import { MANIFEST_FILE, RECORDS_FILE, type ShardManifest } from '../src/sweep/shard-manifest.js';
import { shardOfSample } from '../src/sweep/shard.js';
import { storeResults } from '../src/sweep/store.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SYNTHETIC_SAMPLES = 100_000;

/** CPU seconds of this process's finished children (cutime + cstime of /proc/self/stat, 100 ticks/s): fair on a busy machine, where wall time is not. */
function childrenCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** One CLI process: its wall and CPU time (start-up included). */
function lv(args: readonly string[]): { wall: number; cpu: number } {
  const started = performance.now();
  const cpu = childrenCpu();
  const r = spawnSync(process.execPath, ['dist/cli/main.js', ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lossyvision ${args.join(' ')} failed:\n${r.stderr}`);
  return { wall: (performance.now() - started) / 1000, cpu: childrenCpu() - cpu };
}

/** The demo's flags without its --out, on --data (default: the demo's photos). */
const demoArgs = (): string[] => {
  const args = [...DEMO_ARGS];
  args.splice(args.indexOf('--out'), 2);
  args[args.indexOf('--data') + 1] = data;
  return [...args, '--no-progress', '--no-report'];
};

const load = (): string => loadavg()[0].toFixed(1);

/** Overheads (%) of each shard count, one per repeat: wall, CPU, CPU with the merge. */
type Overheads = Map<number, { wall: number[]; cpu: number[]; withMerge: number[] }>;

async function shardOverhead(base: string, repeat: number, overheads: Overheads): Promise<void> {
  const out = join(base, `r${repeat}`);
  const unsharded = lv([...demoArgs(), '--out', join(out, 'full')]);
  console.log(`unsharded sweep of ${data}: wall ${unsharded.wall.toFixed(1)} s, CPU ${unsharded.cpu.toFixed(1)} s (load ${load()})`);
  const over = (x: number, of: number): number => (x / of - 1) * 100;
  for (const total of [1, 2, 4]) {
    const runs: { wall: number; cpu: number }[] = [];
    for (let k = 1; k <= total; k++) runs.push(lv([...demoArgs(), '--shard', `${k}/${total}`, '--out', join(out, `n${total}`, String(k))]));
    const merge = lv(['merge', ...runs.map((_, i) => join(out, `n${total}`, String(i + 1))), '--out', join(out, `n${total}`, 'merged')]);
    const same = readFileSync(join(out, `n${total}`, 'merged', 'table.json'), 'utf8') === readFileSync(join(out, 'full', 'table.json'), 'utf8');
    const wall = runs.reduce((a, r) => a + r.wall, 0);
    const cpu = runs.reduce((a, r) => a + r.cpu, 0);
    const row = overheads.get(total) ?? { wall: [], cpu: [], withMerge: [] };
    overheads.set(total, row);
    row.wall.push(over(wall, unsharded.wall));
    row.cpu.push(over(cpu, unsharded.cpu));
    row.withMerge.push(over(cpu + merge.cpu, unsharded.cpu));
    // What each process beyond the first adds: its fixed start-up and wind-down, the number that decides how small a shard may be.
    const perProcess = total > 1 ? `; per extra process wall ${((wall - unsharded.wall) / (total - 1)).toFixed(2)} s, CPU ${((cpu - unsharded.cpu) / (total - 1)).toFixed(2)} s` : '';
    console.log(
      `${total} shard${total === 1 ? ' ' : 's'}: wall ${runs.map((r) => r.wall.toFixed(1)).join(' + ')} = ${wall.toFixed(1)} s (${percent(row.wall.at(-1)!)}),` +
        ` CPU ${runs.map((r) => r.cpu.toFixed(1)).join(' + ')} = ${cpu.toFixed(1)} s (${percent(row.cpu.at(-1)!)});` +
        ` merge wall ${merge.wall.toFixed(1)} s, CPU ${merge.cpu.toFixed(1)} s (with it: CPU ${percent(row.withMerge.at(-1)!)}); load ${load()};` +
        ` merged table.json ${same ? 'byte-identical' : 'DIFFERS'}${perProcess}`,
    );
  }
}

const percent = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;

/** Median and range of each row over the repeats: one run on a shared machine can be off by a third. */
function summary(overheads: Overheads): void {
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const cell = (xs: number[]): string => `${percent(median(xs))} (${percent(Math.min(...xs))} … ${percent(Math.max(...xs))})`;
  for (const [total, row] of overheads) {
    console.log(`${total} shard${total === 1 ? ' ' : 's'} over ${row.wall.length} repeats, median (range): wall ${cell(row.wall)}, CPU ${cell(row.cpu)}, CPU with the merge ${cell(row.withMerge)}`);
  }
}

async function mergeTime(base: string): Promise<void> {
  const real = join(base, 'real');
  lv(['run', '--model', 'zoo:centernet', '--data', 'demo', '--codec', 'jpeg:50', '--no-progress', '--shard', '1/1', '--out', real]);
  const manifest = JSON.parse(readFileSync(join(real, MANIFEST_FILE), 'utf8')) as ShardManifest;
  const records = readFileSync(join(real, RECORDS_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);
  const planned = Array.from({ length: SYNTHETIC_SAMPLES }, (_, i) => `synthetic/${String(i).padStart(6, '0')}.jpg`);
  const total = 4;
  const dirs = Array.from({ length: total }, (_, k) => join(base, 'synthetic', String(k + 1)));
  const lines: string[][] = dirs.map(() => []);
  const ids: string[][] = dirs.map(() => []);
  planned.forEach((sampleId, position) => {
    const k = shardOfSample(sampleId, total);
    // Reference mode numbers images by position: each copy gets its own, as a real sweep's would.
    const record = records[position % records.length];
    const cells = record.cells?.map((c) => ({ ...c, states: c.states?.map((st) => st.replace(/"imageId":\d+/g, `"imageId":${position + 1}`)) }));
    lines[k].push(JSON.stringify({ ...record, cells, sampleId, position }));
    ids[k].push(sampleId);
  });
  dirs.forEach((dir, k) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, RECORDS_FILE), `${lines[k].join('\n')}\n`);
    const sources = ids[k].map((id) => `${id}:0`);
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, shard: `${k + 1}/${total}`, planned, samples: ids[k], sources }));
    copyFileSync(join(real, 'provenance.json'), join(dir, 'provenance.json'));
  });
  const started = performance.now();
  const merged = await mergeShards(dirs);
  const replayed = performance.now();
  await storeResults(merged.result, join(base, 'synthetic', 'merged'));
  const stored = performance.now();
  const rows = merged.result.sampleStates.length;
  console.log(
    `merge of ${SYNTHETIC_SAMPLES} samples × ${merged.result.cells.length} cells (${rows} per-sample states) from ${total} shards: ` +
      `read + replay ${((replayed - started) / 1000).toFixed(1)} s, store (DuckDB, CSV, JSON) ${((stored - replayed) / 1000).toFixed(1)} s, ` +
      `total ${((stored - started) / 1000).toFixed(1)} s`,
  );
}

const { values } = parseArgs({ options: { 'merge-only': { type: 'boolean', default: false }, repeats: { type: 'string', default: '3' }, data: { type: 'string', default: 'demo' } } });
const data = values.data;
const repeats = Number(values.repeats);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats: expected a positive integer, got ${values.repeats}`);

if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed');
console.log('CLI: dist/cli/main.js, built now (npm run build)');
const base = await mkdtemp(join(tmpdir(), 'lv-bench-shard-'));
try {
  if (!values['merge-only']) {
    const overheads: Overheads = new Map();
    for (let r = 1; r <= repeats; r++) {
      console.log(`repeat ${r} of ${repeats}`);
      await shardOverhead(base, r, overheads);
    }
    summary(overheads);
  }
  await mergeTime(base);
} finally {
  await rm(base, { recursive: true, force: true });
}
