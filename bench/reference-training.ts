/**
 * Training throughput of each reference model (`ref:` in src/retrain/tasks) at its standard size,
 * batch 32, Adam, the task's own loss: on the wasm backend with the provided gradient kernels
 * (src/retrain/kernels, replacements included) and on the cpu backend. Prints images/s per
 * backend and the wasm/cpu speed-up. Inputs and targets are seeded random tensors of the model's
 * shapes, valid for its loss (one-hot classes, CenterNet heatmaps in [0, 1) with a few exact 1s as
 * centres, positive depths): throughput does not depend on their values.
 *
 * Each (model, backend) pair runs in its own child process: TF.js has one global engine, so a
 * fresh process keeps the backends from sharing state, and a cpu step that runs past the limit
 * can be stopped. wasm: 2 warm-up steps, then 10 steps or 5 s, whichever comes first. cpu: 1
 * warm-up step and 1 timed step (it is 25–40× slower); a step over the limit (default 60 s) is
 * reported and skipped.
 *
 *   npm run bench:train:refs                         # every reference model, wasm and cpu
 *   npm run bench:train:refs -- segnet centernet     # any subset of: fashion-cnn segnet centernet depthnet two-stream
 *   npm run bench:train:refs -- wasm                 # any subset of: wasm cpu
 *   npm run bench:train:refs -- --cpu-limit=30       # seconds a cpu step may take
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initTrainingBackend } from '../src/retrain/backend.js';
import type { ModelShape } from '../src/models/layers/shape.js';
import type { RetrainTaskId } from '../src/retrain/task.js';
import { retrainTask } from '../src/tasks/index.js';

const batchSize = 32;
const seed = 1;
const wasmSteps = 10;
const wasmSeconds = 5;

interface Reference {
  name: string;
  task: RetrainTaskId;
  shape: ModelShape;
  /** How the header describes the input. */
  size: string;
}

/** The reference models at the sizes the README's demos train them at. */
const REFERENCES: readonly Reference[] = [
  { name: 'fashion-cnn', task: 'classification', shape: { height: 28, width: 28, channels: 1, classes: 10 }, size: '28×28×1, 10 classes' },
  { name: 'segnet', task: 'segmentation', shape: { height: 64, width: 64, channels: 3, classes: 4 }, size: '64×64×3, 4 classes' },
  { name: 'centernet', task: 'detection', shape: { height: 64, width: 64, channels: 3, classes: 3 }, size: '64×64×3, 3 classes' },
  { name: 'depthnet', task: 'depth', shape: { height: 48, width: 64, channels: 3, classes: 1 }, size: '48 high × 64 wide ×3' },
  { name: 'two-stream', task: 'action', shape: { height: 48, width: 48, channels: 3, classes: 8, frames: 8 }, size: '48×48 clips of 8 frames, 8 classes' },
];

type Backend = 'wasm' | 'cpu';

/** What a child reports: its warm-up, then the timed steps. */
type Message =
  | { kind: 'ready'; flavour: string; threads: number; params: number; inputs: string }
  | { kind: 'warm'; seconds: number }
  | { kind: 'done'; steps: number; seconds: number; loss: number };

/** Seeded random model inputs: images in [0, 1], the two-stream's motion input (RGB differences) in [−1, 1]. */
function randomInputs(model: tfl.LayersModel): tf.Tensor[] {
  return model.inputs.map((input, i) => {
    const shape = input.shape.map((d) => d ?? batchSize);
    const low = model.inputNames[i] === 'motion' ? -1 : 0;
    return tf.randomUniform(shape, low, 1, 'float32', seed + i);
  });
}

/** Seeded random targets of the output's shape that the task's loss takes. */
function randomTargets(task: RetrainTaskId, model: tfl.LayersModel): tf.Tensor {
  const shape = model.outputs[0].shape.map((d) => d ?? batchSize);
  const last = shape[shape.length - 1];
  const s = seed + 100;
  return tf.tidy(() => {
    switch (task) {
      case 'depth':
        // Metres, all valid (above MIN_VALID_DEPTH).
        return tf.randomUniform(shape, 0.5, 10, 'float32', s);
      case 'detection': {
        // [N, h, w, classes + 4]: heatmaps in [0, 0.99) with about 1 % exact 1s (object centres,
        // so the focal loss has positives), then box size (w, h) in cells and centre offset in [0, 1).
        const heatShape = [...shape.slice(0, -1), last - 4];
        const heat = tf.randomUniform(heatShape, 0, 0.99, 'float32', s);
        const centres = tf.less(tf.randomUniform(heatShape, 0, 1, 'float32', s + 1), 0.01);
        const sizes = tf.randomUniform([...shape.slice(0, -1), 2], 1, 8, 'float32', s + 2);
        const offsets = tf.randomUniform([...shape.slice(0, -1), 2], 0, 1, 'float32', s + 3);
        return tf.concat([tf.where(centres, tf.onesLike(heat), heat), sizes, offsets], -1);
      }
      default:
        // Softmax over the last axis (classes, per image or per pixel): one-hot labels.
        return tf.oneHot(tf.randomUniform(shape.slice(0, -1), 0, last, 'int32', s), last);
    }
  });
}

/** Child: trains one reference model on one backend and reports to the parent. */
async function child(name: string, backend: Backend): Promise<void> {
  const ref = REFERENCES.find((r) => r.name === name)!;
  const send = (m: Message): void => { process.send!(m); };
  const info = await initTrainingBackend(backend);
  const task = await retrainTask(ref.task);
  const model = task.reference.build(ref.shape, seed);
  task.modelShape(model, task.reference.id); // the task accepts it as built
  model.compile({ optimizer: tf.train.adam(1e-3), loss: task.loss ?? 'categoricalCrossentropy' });
  const xs = randomInputs(model);
  const x = xs.length === 1 ? xs[0] : xs;
  const y = randomTargets(ref.task, model);
  const lossOf = (v: number | number[]): number => (Array.isArray(v) ? v[0] : v);

  send({
    kind: 'ready', flavour: info.flavour, threads: info.threads,
    params: model.countParams(), inputs: model.inputs.map((i) => `[${i.shape.map((d) => d ?? batchSize).join(', ')}]`).join(' + '),
  });
  const warmup = backend === 'wasm' ? 2 : 1;
  let start = performance.now();
  for (let i = 0; i < warmup; i++) await model.trainOnBatch(x, y);
  send({ kind: 'warm', seconds: (performance.now() - start) / 1000 / warmup });

  let steps = 0;
  let loss = NaN;
  start = performance.now();
  const most = backend === 'wasm' ? wasmSteps : 1;
  while (steps < most && (steps === 0 || (performance.now() - start) / 1000 < wasmSeconds)) {
    loss = lossOf(await model.trainOnBatch(x, y));
    steps += 1;
  }
  send({ kind: 'done', steps, seconds: (performance.now() - start) / 1000, loss });
  tf.dispose([...xs, y]);
  model.dispose();
}

/** images/s, or when a step ran past the limit, `below`: the most it can be. */
interface Result { imagesPerSecond?: number; below?: number; line: string }

/** Models whose parameter count and input shapes have been printed. */
const described = new Set<string>();

/** Parent: runs one (model, backend) child, stopping it when a step runs past the limit. */
function measure(ref: Reference, backend: Backend, cpuLimit: number): Promise<Result> {
  // wasm steps take well under a second: its limit only guards against a stuck child.
  const stepLimit = backend === 'cpu' ? cpuLimit : 120;
  return new Promise((resolve) => {
    const proc = fork(fileURLToPath(import.meta.url), ['--child', ref.name, backend], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    // The child's warnings, less the cpu backend's banner that asks for tfjs-node.
    let stderr = '';
    proc.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    let result: Result | undefined;
    let phase = 'warm-up';
    let label: string = backend;
    let timer: NodeJS.Timeout | undefined;
    /** Records the outcome; the child is stopped unless it is about to exit on its own. */
    const conclude = (r: Result, stop: boolean): void => {
      if (result) return;
      result = r;
      clearTimeout(timer);
      if (stop && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    };
    /** Stops the child when this phase has not finished in `seconds`. */
    const arm = (seconds: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => conclude({ below: batchSize / seconds, line: `${label}: a ${phase} step took over ${seconds} s; skipped` }, true), seconds * 1000);
    };
    // Starting the backend and building the model.
    arm(120);
    proc.on('message', (m: Message) => {
      if (m.kind === 'ready') {
        label = `${backend} (${m.flavour}, ${m.threads} thread${m.threads === 1 ? '' : 's'})`;
        if (!described.has(ref.name)) {
          described.add(ref.name);
          console.log(`  ${m.params.toLocaleString('en')} parameters, inputs ${m.inputs}`);
        }
        arm(stepLimit);
      } else if (m.kind === 'warm') {
        if (backend === 'cpu' && m.seconds > cpuLimit) {
          conclude({ below: batchSize / m.seconds, line: `${label}: the warm-up step took ${m.seconds.toFixed(1)} s (over ${cpuLimit} s); skipped` }, true);
          return;
        }
        phase = 'timed';
        arm(stepLimit);
      } else {
        const imagesPerSecond = (m.steps * batchSize) / m.seconds;
        const finite = Number.isFinite(m.loss) ? '' : ' (loss not finite!)';
        conclude({
          imagesPerSecond,
          line: `${label}: ${imagesPerSecond.toPrecision(3)} images/s over ${m.steps} step${m.steps === 1 ? '' : 's'} of ${batchSize} ` +
            `(${(m.seconds / m.steps).toFixed(2)} s/step, loss ${m.loss.toPrecision(4)})${finite}`,
        }, false);
      }
    });
    proc.on('exit', (code, signal) => {
      const warnings = stderr.replace(/=+\nHi, looks like you are running TensorFlow\.js in Node\.js[^\n]*\n=+/, '').trim();
      if (warnings) console.error(warnings);
      conclude({ line: `${label}: the ${phase} failed (exit ${code ?? signal})` }, false);
      resolve(result!);
    });
  });
}


const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args[1], args[2] as Backend);
  process.disconnect();
} else {
  const limitArg = args.find((a) => a.startsWith('--cpu-limit='));
  const cpuLimit = limitArg ? Number(limitArg.slice('--cpu-limit='.length)) : 60;
  if (!(cpuLimit > 0)) throw new Error(`--cpu-limit must be a positive number of seconds, not ${limitArg}`);
  const namedRefs = REFERENCES.filter((r) => args.includes(r.name) || args.includes(`ref:${r.name}`));
  const namedBackends = (['wasm', 'cpu'] as const).filter((b) => args.includes(b));
  const unknown = args.filter((a) => a !== limitArg && !REFERENCES.some((r) => a === r.name || a === `ref:${r.name}`) && !(['wasm', 'cpu'] as string[]).includes(a));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(', ')}: expected model names (${REFERENCES.map((r) => r.name).join(' ')}), wasm, cpu or --cpu-limit=SECONDS`);
  const refs = namedRefs.length > 0 ? namedRefs : REFERENCES;
  const backends: Backend[] = namedBackends.length > 0 ? namedBackends : ['wasm', 'cpu'];

  console.log(`training throughput of the reference models, batch ${batchSize}, Adam, each task's loss; seeded random inputs and targets`);
  console.log(`wasm: provided kernels, ${wasmSteps} steps or ${wasmSeconds} s after 2 warm-up; cpu: 1 step after 1 warm-up, skipped past ${cpuLimit} s`);
  console.log(`(${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)})`);
  const summary: string[] = [];
  for (const ref of refs) {
    console.log(`ref:${ref.name} (${ref.task}), ${ref.size}`);
    const results = new Map<Backend, Result>();
    for (const backend of backends) {
      const result = await measure(ref, backend, cpuLimit);
      results.set(backend, result);
      console.log(`  ${result.line}`);
    }
    const wasm = results.get('wasm')?.imagesPerSecond;
    const cpu = results.get('cpu');
    // A cpu step past the limit still bounds the speed-up from below.
    const ratio = wasm === undefined || !cpu ? '–'
      : cpu.imagesPerSecond !== undefined ? `${(wasm / cpu.imagesPerSecond).toFixed(1)}×`
        : cpu.below !== undefined ? `> ${(wasm / cpu.below).toFixed(0)}×` : '–';
    if (backends.length === 2) console.log(`  wasm/cpu: ${ratio}`);
    const fmt = (r: Result | undefined): string => (!r ? '' : r.imagesPerSecond !== undefined ? r.imagesPerSecond.toPrecision(3)
      : r.below !== undefined ? `< ${r.below.toPrecision(2)} (skipped)` : 'failed');
    summary.push(`| ref:${ref.name} | ${fmt(results.get('wasm'))} | ${fmt(cpu)} | ${ratio} |`);
  }
  console.log(`\n| model | wasm images/s | cpu images/s | wasm/cpu |\n|---|---|---|---|\n${summary.join('\n')}`);
}
