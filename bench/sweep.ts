/**
 * `npm run bench`: the demo's sweep (2 zoo detectors × 6 images × pristine + 9 levels) on a
 * cold cache, timed. Prints samples/s, where worker time went (decode, encode, inference,
 * metrics, other) and CPU utilisation across all cores.
 *
 *   npm run bench                      # default worker count
 *   npm run bench -- --workers 1,2     # compare worker counts
 *   npm run bench -- --model x.onnx --model-config x.json   # another model
 *   npm run bench -- --synthetic-onnx --workers 1,2           # ONNX: a YOLOv5s-sized graph
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCodecLevels } from '../src/codecs/levels.js';
import { defaultWorkers } from '../src/sweep/defaults.js';
import { runSweep } from '../src/sweep/run.js';
import { writeSyntheticYolo } from './onnx-detector.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string' },
    model: { type: 'string', multiple: true },
    data: { type: 'string', default: 'demo' },
    'max-samples': { type: 'string' },
    'model-config': { type: 'string' },
    'synthetic-onnx': { type: 'boolean', default: false },
  },
});
let modelConfig = values['model-config'];
let models = values.model ?? ['zoo:centernet', 'zoo:nanodet'];
if (values['synthetic-onnx']) {
  const synthetic = writeSyntheticYolo(await mkdtemp(join(tmpdir(), 'lv-onnx-')));
  models = [synthetic.model];
  modelConfig = synthetic.config;
}
const conditions = ['jpeg:95,75,50,15,10,5', 'webp:90,50,10'].map(parseCodecLevels).flatMap((s) => s.levels.map((level) => ({ codec: s.codec, level, params: { ...s.params } })));
const counts = values.workers ? values.workers.split(',').map(Number) : [defaultWorkers(models)];

const pct = (ms: number, budget: number): string => `${((100 * ms) / budget).toFixed(1).padStart(5)} %`;

for (const workers of counts) {
  const cacheDir = await mkdtemp(join(tmpdir(), 'lv-bench-'));
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
  await rm(cacheDir, { recursive: true, force: true });
  const s = r.stats;
  // Lane time: every sample slot (a worker thread, or one of the calling thread's two) for the whole wall time.
  const lanes = s.lanes;
  const budget = s.wallMs * lanes;
  const t = s.timings;
  const other = budget - t.decodeMs - t.encodeMs - t.inferenceMs - s.metricsMs;
  console.log(`\n${models.join(' + ')}, ${s.samples} samples × ${r.cells.length} cells, ${workers} worker${workers === 1 ? '' : 's'} (${s.cores} cores)`);
  console.log(`  wall            ${(s.wallMs / 1000).toFixed(1)} s, ${((s.samples * 1000) / s.wallMs).toFixed(3)} samples/s, ${((s.computed.predictions * 1000) / s.wallMs).toFixed(2)} inferences/s`);
  console.log(`  share of lane time (${lanes} × wall):`);
  console.log(`    decode        ${pct(t.decodeMs, budget)}   pristine image`);
  console.log(`    encode        ${pct(t.encodeMs, budget)}   encode + decode back + PSNR/SSIM`);
  console.log(`    inference     ${pct(t.inferenceMs, budget)}   ${s.computed.predictions} predictions`);
  console.log(`    metrics       ${pct(s.metricsMs, budget)}`);
  console.log(`    other         ${pct(other, budget)}   of which startup (model load) ${pct(s.startupMs * lanes, budget)}, cache I/O ${pct(t.cacheMs, budget)}`);
  console.log(`  CPU             ${pct(s.cpuMs, s.wallMs * s.cores)} of ${s.cores} cores (${(s.cpuMs / 1000).toFixed(1)} s CPU)`);
}
