/**
 * Training throughput of a small CNN classifier on 28×28×1 inputs (Fashion-MNIST-sized), batch 64:
 * conv 3×3×32 relu → maxpool 2 → conv 3×3×64 relu → maxpool 2 → dense 10 softmax, Adam.
 * Runs on the wasm backend with only the three missing gradient kernels provided (stock
 * Conv2DBackpropInput and MaxPoolGrad), on wasm with the replacements too, and on the cpu backend;
 * prints images/s, the projected time of one epoch over 60 000 images, and where a wasm step spends
 * its time (per kernel). Inputs are seeded random pixels and labels: throughput does not depend on
 * them. The cpu backend takes about a minute per step: it runs one.
 *
 *   npm run bench:train                      # wasm-stock, wasm, cpu
 *   npm run bench:train -- wasm              # any subset of: wasm-stock wasm cpu
 *   npm run bench:train -- wasm depthwise    # the same net with a depthwise-separable second conv
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initTrainingBackend } from '../src/retrain/backend.js';

const batchSize = 64;
const epochImages = 60_000;
const goalEpochSeconds = 180;

function buildModel(depthwise: boolean): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', seed: 1 } as never));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  if (depthwise) {
    model.add(tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 1, activation: 'relu' }));
    model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 1, activation: 'relu' }));
  } else {
    model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  }
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

function batch(seed: number): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => ({
    x: tf.randomUniform([batchSize, 28, 28, 1], 0, 1, 'float32', seed),
    y: tf.oneHot(tf.randomUniform([batchSize], 0, 10, 'int32', seed + 1) as tf.Tensor1D, 10),
  }));
}

type Variant = 'wasm-stock' | 'wasm' | 'cpu';

async function measure(variant: Variant, depthwise: boolean): Promise<void> {
  const backend = variant === 'cpu' ? 'cpu' : 'wasm';
  const info = await initTrainingBackend(backend, { replaceStockKernels: variant === 'wasm' });
  const model = buildModel(depthwise);
  const data = batch(7);
  const steps = backend === 'wasm' ? 20 : 1;
  for (let i = 0; i < (backend === 'wasm' ? 2 : 0); i++) await model.trainOnBatch(data.x, data.y);
  const start = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(data.x, data.y);
  const seconds = (performance.now() - start) / 1000;
  const imagesPerSecond = (steps * batchSize) / seconds;
  const epochSeconds = epochImages / imagesPerSecond;
  const extra = ` (${info.flavour}, ${info.threads} thread${info.threads === 1 ? '' : 's'})`;
  console.log(`${variant}${extra}: ${imagesPerSecond.toPrecision(3)} images/s over ${steps} steps of ${batchSize}; ` +
    `projected epoch of ${epochImages}: ${epochSeconds.toFixed(1)} s (goal < ${goalEpochSeconds} s: ${epochSeconds < goalEpochSeconds ? 'met' : 'missed'})`);

  if (backend === 'wasm') {
    const profile = await tf.profile(async () => { await model.trainOnBatch(data.x, data.y); });
    const byKernel = new Map<string, number>();
    for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
    const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`  one step, kernel time ${total.toFixed(1)} ms: ` + top.map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', '));
  }
  tf.dispose([data.x, data.y]);
  model.dispose();
}

const args = process.argv.slice(2);
const depthwise = args.includes('depthwise');
const named = (['wasm-stock', 'wasm', 'cpu'] as const).filter((v) => args.includes(v));
// Stock first: registering the replacements cannot be undone within the process.
const variants: Variant[] = named.length > 0 ? named : ['wasm-stock', 'wasm', 'cpu'];
console.log(`training throughput, ${depthwise ? 'conv32 → depthwise3×3+conv1×1 64' : 'conv32 → conv64'} → dense10, batch ${batchSize}, 28×28×1`);
console.log(`(${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)})`);
for (const variant of variants) await measure(variant, depthwise);
