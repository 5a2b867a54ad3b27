/**
 * `node --import tsx bench/process-floor.ts [--runs N]`: the least a sweep process with two
 * workers and the demo's two TF.js models can cost (bench:shard's per-process figure sits above
 * it). A bare process starts two worker threads; each imports sharp and loads zoo:centernet and
 * zoo:nanodet from the built code, without (arm "load") and with (arm "first inference") each
 * model's load-time probe inference, then exits. Then one model's first and later inferences in one
 * thread, which is the warm-up every worker pays once per model. Wall and CPU of whole processes,
 * from /proc. Builds the CLI first (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${values.runs}`);
if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed');

const load = pathToFileURL(join(root, 'dist/models/load.js')).href;
const sharp = pathToFileURL(createRequire(join(root, 'package.json')).resolve('sharp')).href;
const dir = mkdtempSync(join(tmpdir(), 'lv-floor-'));
const workers = join(dir, 'workers.mjs');
writeFileSync(workers, `
import { Worker, isMainThread } from 'node:worker_threads';
if (isMainThread) {
  await Promise.all([0, 1].map(() => new Promise((done) => new Worker(new URL(import.meta.url)).on('exit', done))));
} else {
  await import(${JSON.stringify(sharp)});
  const { loadModel } = await import(${JSON.stringify(load)});
  for (const spec of ['zoo:centernet', 'zoo:nanodet']) await (await loadModel(spec, { task: 'detection', probe: process.env.PROBE === '1' })).dispose();
}`);
const warmup = join(dir, 'warmup.mjs');
writeFileSync(warmup, `
const { loadModel } = await import(${JSON.stringify(load)});
const image = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3).map((_, i) => (i * 7) % 251) };
for (const spec of ['zoo:centernet', 'zoo:nanodet']) {
  const model = await loadModel(spec, { task: 'detection', probe: false });
  const ms = [];
  for (let i = 0; i < 4; i++) { const t = performance.now(); await model.predict(image); ms.push(Math.round(performance.now() - t)); }
  console.log(spec + ': inferences ' + ms.join(', ') + ' ms (the first is the warm-up)');
  await model.dispose();
}`);

/** CPU seconds of this process's finished children (cutime + cstime, 100 ticks/s). */
function childrenCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

try {
  for (const [arm, probe] of [['load', '0'], ['first inference', '1']] as const) {
    for (let r = 1; r <= runs; r++) {
      const started = performance.now();
      const cpu = childrenCpu();
      const child = spawnSync(process.execPath, [workers], { env: { ...process.env, PROBE: probe }, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`the floor process failed:\n${child.stderr}`);
      console.log(`two workers, sharp + TF.js + both models, ${arm}: wall ${((performance.now() - started) / 1000).toFixed(2)} s, CPU ${(childrenCpu() - cpu).toFixed(2)} s`);
    }
  }
  const child = spawnSync(process.execPath, [warmup], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the warm-up process failed:\n${child.stderr}`);
  process.stdout.write(child.stdout);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
