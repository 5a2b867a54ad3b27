/**
 * Generates the "textured shapes" segmentation dataset (src/datasets/synthetic/textured-shapes.ts):
 * shapes filled with crops of the shipped public-domain photos, pasted on other crops, exact
 * index-PNG masks (0 background, 1 ellipse, 2 triangle, 3 rectangle). Writes `<out>/train`,
 * `<out>/val` and `<out>/test` as mask folders, each from its own seed so no sample repeats
 * (default `results/shapes`, which git ignores: the data is generated, never committed).
 *
 *   node --import tsx scripts/generate-shapes.ts [--out results/shapes] [--train 3000] [--val 300] [--test 500] [--seed 0] [--size 64]
 */
import { writeTexturedShapes } from '../src/datasets/synthetic/textured-shapes.js';
import { generateSplits } from './splits.js';

await generateSplits({ out: 'results/shapes', train: 3000, val: 300, test: 500, seedBase: 0 }, { size: { type: 'string', default: '64' } }, async (split, values) => {
  const summary = await writeTexturedShapes({ out: split.out, count: split.count, seed: split.seed, size: Number(values.size) });
  const total = summary.classPixels.reduce((a, b) => a + b, 0);
  const shares = summary.classes.map((c, k) => `${c} ${((100 * summary.classPixels[k]) / total).toFixed(1)} %`).join(', ');
  return `${summary.out}: ${summary.count} images ${summary.size}×${summary.size} (${shares})`;
});
