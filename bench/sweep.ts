/**
 * `npm run bench`: the demo's sweep (2 zoo detectors × 6 images × pristine + 9 levels) on a
 * cold cache, timed. Prints samples/s and where the CPU time went, per phase, measured per
 * thread (src/timing/): wall-time shares mean little on a machine others are using, CPU time
 * does not depend on who else runs. Also each core's utilisation (all processes) and the load
 * average, so a reader can tell a busy machine from a slow program.
 *
 *   npm run bench                      # default worker count
 *   npm run bench -- --workers 1,2     # compare worker counts
 *   npm run bench -- --model x.onnx --model-config x.json   # another model
 *   npm run bench -- --synthetic-onnx --workers 1,2           # ONNX: a YOLOv5s-sized graph
 *   npm run bench -- --dist dist       # the compiled build (`npm run build`), as `npx lossyvision` runs
 *
 * From source (the default) each worker thread registers tsx, whose loader runs on a thread of
 * its own: about 1 s of CPU per run that the compiled build does not spend.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { pbkdf2 } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { parseCodecLevels } from '../src/codecs/levels.js';
import { defaultWorkers } from '../src/sweep/defaults.js';
import type { runSweep as RunSweep } from '../src/sweep/run.js';
import { drainCpuLedger, listenCpuLedger } from '../src/timing/cpu-ledger.js';
import { sampleThreads, watchThreads } from '../src/timing/process-threads.js';
import { threadCpuIsPerThread, threadCpuMs } from '../src/timing/thread-cpu.js';
import { writeSyntheticYolo } from './onnx-detector.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string' },
    model: { type: 'string', multiple: true },
    data: { type: 'string', default: 'demo' },
    'max-samples': { type: 'string' },
    'model-config': { type: 'string' },
    'synthetic-onnx': { type: 'boolean', default: false },
    dist: { type: 'string' },
  },
});
// The sweep from source (tsx), or from a compiled tree whose workers are plain .js.
const sweepModule = values.dist ? pathToFileURL(resolve(values.dist, 'sweep', 'run.js')).href : '../src/sweep/run.js';
const { runSweep } = (await import(sweepModule)) as { runSweep: typeof RunSweep };
let modelConfig = values['model-config'];
let models = values.model ?? ['zoo:centernet', 'zoo:nanodet'];
if (values['synthetic-onnx']) {
  const synthetic = writeSyntheticYolo(await mkdtemp(join(tmpdir(), 'lv-onnx-')));
  models = [synthetic.model];
  modelConfig = synthetic.config;
}
const conditions = ['jpeg:95,75,50,15,10,5', 'webp:90,50,10'].map(parseCodecLevels).flatMap((s) => s.levels.map((level) => ({ codec: s.codec, level, params: { ...s.params } })));
const counts = values.workers ? values.workers.split(',').map(Number) : [defaultWorkers(models)];

const pct = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1).padStart(5)} %`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1).padStart(6)} s`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Busy and total jiffies per core from /proc/stat (every process on the machine). */
function coreTicks(): { busy: number; total: number }[] {
  try {
    return readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((line) => /^cpu\d+ /.test(line))
      .map((line) => {
        const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
        const busy = user + nice + system + irq + softirq + (steal ?? 0);
        return { busy, total: busy + idle + iowait };
      });
  } catch {
    return [];
  }
}

/** Rows of the CPU table: ledger phases in reading order, with what each covers. */
const PHASES: [string, string][] = [
  ['decode', 'pristine image (sharp, JS-thread side)'],
  ['encode', 'encode + decode back (sharp, JS-thread side)'],
  ['fidelity', 'PSNR + SSIM'],
  ['preprocess', 'adapter: resize, tensor layout'],
  ['inference', 'runtime.run (TF.js wasm runs on the JS thread)'],
  ['postprocess', 'adapter: box decoding, NMS'],
  ['cache', 'cache reads/writes, JSON, sha256 keys'],
  ['modelLoad', 'loading models in each worker'],
  ['other', 'everything else on worker JS threads'],
];

/**
 * Which threads are libuv's pool (where sharp encodes and decodes): Node names none of its
 * threads, so give the pool CPU-heavy jobs (pbkdf2 runs there) and see which threads ran.
 * V8's platform threads may still be compiling the modules just loaded, so wait for them to
 * settle and keep only threads that ran a good part of a job in two rounds out of two.
 */
async function libuvPoolThreads(): Promise<Set<number>> {
  await sleep(500);
  const job = (): Promise<unknown> => new Promise((resolve, reject) => pbkdf2('x', 'y', 40_000, 32, 'sha256', (e, k) => (e ? reject(e) : resolve(k))));
  const round = async (): Promise<Set<number>> => {
    const before = new Map(sampleThreads().map((t) => [t.tid, t.cpuMs]));
    const startedAt = performance.now();
    await Promise.all([job(), job(), job(), job(), job(), job(), job(), job()]);
    const threshold = (performance.now() - startedAt) / 8; // a quarter of one job per thread, roughly
    const ran = new Set<number>();
    for (const t of sampleThreads()) if (t.tid !== process.pid && t.cpuMs - (before.get(t.tid) ?? 0) > threshold) ran.add(t.tid);
    return ran;
  };
  const first = await round();
  const second = await round();
  return new Set([...first].filter((tid) => second.has(tid)));
}
const uvPool = await libuvPoolThreads();

if (!threadCpuIsPerThread()) console.log('note: no /proc/thread-self here; phase CPU times fall back to whole-process figures and overlap');

for (const workers of counts) {
  const cacheDir = await mkdtemp(join(tmpdir(), 'lv-bench-'));
  const phases = new Map<string, number>();
  const add = (from: Record<string, number>): void => {
    for (const [phase, ms] of Object.entries(from)) phases.set(phase, (phases.get(phase) ?? 0) + ms);
  };
  const jsThreads = new Set([process.pid]);
  /** CPU in ledgers per worker thread: the rest of its time ran before its ledger started (start-up). */
  const ledgered = new Map<number, number>();
  const stopListening = listenCpuLedger((report) => {
    add(report.phases);
    jsThreads.add(report.tid);
    ledgered.set(report.tid, (ledgered.get(report.tid) ?? 0) + Object.values(report.phases).reduce((a, b) => a + b, 0));
  });
  const threads = watchThreads();
  const loadBefore = load();
  const ticksBefore = coreTicks();
  drainCpuLedger(); // the main thread's ledger starts here
  const mainStart = threadCpuMs();
  const processStart = process.cpuUsage();
  const wallStart = performance.now();
  const r = await runSweep({
    task: 'detection',
    data: values.data!,
    models,
    conditions,
    seed: 0,
    referenceThreshold: 0.5,
    workers,
    cacheDir,
    maxSamples: values['max-samples'] ? Number(values['max-samples']) : undefined,
    modelOptions: modelConfig ? { modelConfig } : undefined,
  });
  const wallMs = performance.now() - wallStart;
  const used = process.cpuUsage(processStart);
  const processMs = (used.user + used.system) / 1000;
  const mainMs = threadCpuMs() - mainStart;
  const ticksAfter = coreTicks();
  const watched = threads.stop();
  const loadAfter = load();
  await sleep(200); // ledgers broadcast by workers just before their last answer
  stopListening();
  // The main thread's own ledger: with workers it is all "other" (metrics, messages, progress).
  const main = drainCpuLedger();
  const mainOther = main.other ?? 0;
  delete main.other;
  add(main);
  phases.set('main', mainOther);
  const s = r.stats;
  // Helper threads by kind; JS threads are in the ledgers already.
  const helpers = { uv: 0, v8: 0, vips: 0, started: 0 };
  let boot = 0;
  for (const t of watched.values()) {
    if (t.tid !== process.pid && ledgered.has(t.tid)) boot += Math.max(0, t.cpuMs - t.startMs - ledgered.get(t.tid)!);
    if (jsThreads.has(t.tid)) continue;
    const ms = t.cpuMs - t.startMs;
    if (t.name.startsWith('libvips')) helpers.vips += ms;
    else if (uvPool.has(t.tid)) helpers.uv += ms;
    else if (t.existedBefore) helpers.v8 += ms;
    else helpers.started += ms;
  }
  await rm(cacheDir, { recursive: true, force: true });

  const onJsThreads = [...phases.values()].reduce((a, b) => a + b, 0);
  const offThread = processMs - onJsThreads;
  console.log(`\n${models.join(' + ')}, ${s.samples} samples × ${r.cells.length} cells, ${workers} worker${workers === 1 ? '' : 's'} (${s.cores} cores), ${values.dist ? `compiled build in ${values.dist}` : 'from source (tsx)'}`);
  console.log(`  load average    ${loadBefore} before, ${loadAfter} after (1, 5, 15 min)`);
  console.log(`  wall            ${(wallMs / 1000).toFixed(1)} s, ${((s.samples * 1000) / wallMs).toFixed(3)} samples/s, ${((s.computed.predictions * 1000) / wallMs).toFixed(2)} inferences/s`);
  console.log(`  CPU time        ${(processMs / 1000).toFixed(1)} s in this process (${pct(processMs, wallMs * s.cores)} of ${s.cores} cores × wall), ${(mainMs / 1000).toFixed(1)} s of it on the main thread`);
  const cores = ticksAfter.map((t, i) => pct(t.busy - ticksBefore[i].busy, t.total - ticksBefore[i].total).trim());
  console.log(`  cores busy      ${cores.join(', ')} (every process on the machine)`);
  console.log(`  share of this process's CPU time:`);
  for (const [phase, what] of PHASES) console.log(`    ${phase.padEnd(12)}${pct(phases.get(phase) ?? 0, processMs)} ${secs(phases.get(phase) ?? 0)}   ${what}`);
  console.log(`    main        ${pct(mainOther, processMs)} ${secs(mainOther)}   main thread: metrics (${(s.metricsMs / 1000).toFixed(2)} s wall), progress, messages`);
  for (const [phase, ms] of phases) if (phase !== 'main' && !PHASES.some(([p]) => p === phase)) console.log(`    ${phase.padEnd(12)}${pct(ms, processMs)} ${secs(ms)}`);
  console.log(`    off-JS      ${pct(offThread, processMs)} ${secs(offThread)}   outside the ledgers, of which:`);
  console.log(`      start-up  ${pct(boot, processMs)} ${secs(boot)}   worker threads before their ledger starts (Node, tsx, module loading)`);
  console.log(`      libvips   ${pct(helpers.vips, processMs)} ${secs(helpers.vips)}   libvips' own threads (codec)`);
  console.log(`      libuv     ${pct(helpers.uv, processMs)} ${secs(helpers.uv)}   libuv pool: sharp's encode/decode jobs, file I/O`);
  console.log(`      V8        ${pct(helpers.v8, processMs)} ${secs(helpers.v8)}   Node's V8 platform threads: GC, JIT and wasm compilation`);
  console.log(`      started   ${pct(helpers.started, processMs)} ${secs(helpers.started)}   threads started during the run (tsx's loader thread per worker when run from source, onnxruntime)`);
  const overhead = ['cache', 'other', 'main', 'modelLoad'].reduce((sum, p) => sum + (phases.get(p) ?? 0), 0);
  console.log(`  JS-thread overhead (cache + other + main + model load): ${pct(overhead, processMs)}; pre/post-processing ${pct((phases.get('preprocess') ?? 0) + (phases.get('postprocess') ?? 0), processMs)}`);

  // The issue's categories. Codec work: the JS side of sharp plus libvips' and libuv's threads;
  // the metrics: PSNR/SSIM of each encode and the task metric on the main thread.
  const ph = (p: string): number => phases.get(p) ?? 0;
  const metricsMs = Math.min(s.metricsMs, mainOther); // main-thread wall time of scoring, bounded by its CPU
  const category = {
    decode: ph('decode'),
    encode: ph('encode') + helpers.vips + helpers.uv,
    inference: ph('inference'),
    'pre/post': ph('preprocess') + ph('postprocess'),
    metrics: ph('fidelity') + metricsMs,
  };
  const work = Object.values(category).reduce((a, b) => a + b, 0);
  const rest = processMs - work;
  const capacity = wallMs * s.cores;
  const share = (ms: number): string => pct(ms, capacity).trim();
  console.log(`  summary (issue 3's categories), share of process CPU | of wall time × ${s.cores} cores:`);
  for (const [name, ms] of Object.entries(category)) console.log(`    ${name.padEnd(16)}${pct(ms, processMs)} | ${share(ms).padStart(6)}`);
  console.log(`    everything else ${pct(rest, processMs)} | ${share(rest).padStart(6)}   cache, model load, worker start-up, GC/JIT threads, messages, progress`);
  console.log(`    not this process        | ${share(Math.max(0, capacity - processMs)).padStart(6)}   cores idle or running other processes`);
  const strict = rest + category['pre/post'] + category.metrics;
  console.log(`  goal: everything but inference and codec work < 10 %: ${pct(rest, processMs).trim()} of CPU (${pct(strict, processMs).trim()} counting pre/post-processing and metrics as overhead too); both cores busy: ${pct(processMs, capacity).trim()} of ${s.cores} cores × wall in this process, ${cores.join(', ')} per core machine-wide`);
}
