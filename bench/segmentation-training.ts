/**
 * Training throughput of the reference segmenter (`ref:segnet`, src/retrain/architectures/segnet.ts)
 * on generated 64×64 textured-shapes images (src/datasets/synthetic/textured-shapes.ts), batch 32,
 * Adam, per-pixel cross-entropy: one full epoch through `trainModel` (the loop `retrain` runs,
 * tensor conversion and one-hot masks included), on pristine images so the codec is not timed.
 * Prints images/s, the epoch's time, the projected time of an epoch over 3 000 images, and where
 * one step spends its time (per kernel).
 *
 *   node --import tsx bench/segmentation-training.ts            # 512 images, base 16 filters
 *   node --import tsx bench/segmentation-training.ts 1024 8     # images, base filters
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { openDataset } from '../src/datasets/open.js';
import { writeTexturedShapes } from '../src/datasets/synthetic/textured-shapes.js';
import { buildReferenceSegmenter } from '../src/retrain/architectures/segnet.js';
import { initTrainingBackend } from '../src/retrain/backend.js';
import { loadSegmentedImages, masksToOneHot } from '../src/retrain/segmentation-data.js';
import { segmentationRetrainTask } from '../src/retrain/tasks/segmentation.js';
import { trainModel } from '../src/retrain/train.js';

const [count = 512, baseFilters = 16] = process.argv.slice(2).map(Number);
const batchSize = 32;
const info = await initTrainingBackend();
const dir = await mkdtemp(path.join(os.tmpdir(), 'lv-bench-seg-'));
try {
  await writeTexturedShapes({ out: dir, count, seed: 0 });
  const train = await loadSegmentedImages(await openDataset(dir, { task: 'segmentation' }), dir);
  const shape = { height: 64, width: 64, channels: 3, classes: 4 };
  const model = buildReferenceSegmenter(shape, 0, { baseFilters });
  console.log(`ref:segnet (base ${baseFilters} filters, ${model.countParams()} parameters) training on ${count} textured-shapes images 64×64, batch ${batchSize}`);
  console.log(`${info.flavour}, ${info.threads} thread${info.threads === 1 ? '' : 's'}; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  const result = await trainModel(segmentationRetrainTask, { model, modelId: 'ref:segnet', train, augmentation: { kind: 'none' }, epochs: 1, seed: 0, batchSize });
  const { seconds, loss } = result.history[0];
  console.log(`one epoch: ${seconds.toFixed(1)} s, ${(count / seconds).toFixed(1)} images/s (loss ${loss.toFixed(4)}); projected epoch of 3 000 images: ${((3000 * seconds) / count).toFixed(0)} s`);

  const x = tf.tidy(() => tf.stack(train.images.slice(0, batchSize).map((im) => tf.div(tf.tensor3d(im.data, [64, 64, 3], 'float32'), 255))));
  const y = masksToOneHot(train.masks.slice(0, batchSize), 64, 64, 4);
  const profile = await tf.profile(async () => { await result.model.trainOnBatch(x, y); });
  const byKernel = new Map<string, number>();
  for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
  const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`one step, kernel time ${total.toFixed(0)} ms: ` + top.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', '));
  tf.dispose([x, y]);
} finally {
  await rm(dir, { recursive: true, force: true });
}
