/**
 * Generates the "textured shapes" segmentation dataset (src/datasets/synthetic/textured-shapes.ts):
 * shapes filled with crops of the shipped public-domain photos, pasted on other crops, exact
 * index-PNG masks (0 background, 1 ellipse, 2 triangle, 3 rectangle). Writes `<out>/train`,
 * `<out>/val` and `<out>/test` as mask folders, each from its own seed so no sample repeats
 * (default `results/shapes`, which git ignores: the data is generated, never committed).
 *
 *   node --import tsx scripts/generate-shapes.ts [--out results/shapes] [--train 3000] [--val 300] [--test 500] [--seed 0] [--size 64]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeTexturedShapes } from '../src/datasets/synthetic/textured-shapes.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'results/shapes' },
    train: { type: 'string', default: '3000' },
    val: { type: 'string', default: '300' },
    test: { type: 'string', default: '500' },
    seed: { type: 'string', default: '0' },
    size: { type: 'string', default: '64' },
  },
});
const seed = Number(values.seed);
// Splits use seeds 3·seed, 3·seed + 1, 3·seed + 2: disjoint streams whatever --seed is.
const splits = [['train', values.train], ['val', values.val], ['test', values.test]] as const;
for (const [i, [name, count]] of splits.entries()) {
  if (Number(count) === 0) continue;
  const started = performance.now();
  const summary = await writeTexturedShapes({ out: path.join(values.out, name), count: Number(count), seed: 3 * seed + i, size: Number(values.size) });
  const total = summary.classPixels.reduce((a, b) => a + b, 0);
  const shares = summary.classes.map((c, k) => `${c} ${((100 * summary.classPixels[k]) / total).toFixed(1)} %`).join(', ');
  console.log(`${summary.out}: ${summary.count} images ${summary.size}×${summary.size} (${shares}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
