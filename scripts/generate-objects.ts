/**
 * Generates the "textured objects" detection dataset (src/datasets/synthetic/textured-objects.ts):
 * ellipses, triangles and rectangles filled with crops of the shipped public-domain photos,
 * pasted on other crops, with exact boxes (the tight box of each shape's visible pixels) in COCO
 * format (categories 1 ellipse, 2 triangle, 3 rectangle). Writes `<out>/train`, `<out>/val` and
 * `<out>/test`, each `images/` + `annotations.json`, each from its own seed so no sample repeats
 * (default `results/objects`, which git ignores: the data is generated, never committed).
 *
 *   node --import tsx scripts/generate-objects.ts [--out results/objects] [--train 1500] [--val 100] [--test 200] [--seed 0] [--size 64]
 */
import { TEXTURED_OBJECTS_CATEGORIES, writeTexturedObjects } from '../src/datasets/synthetic/textured-objects.js';
import { generateSplits } from './splits.js';

// Seed base 100: disjoint from the textured-shapes splits, which render the same kind of image.
await generateSplits({ out: 'results/objects', train: 1500, val: 100, test: 200, seedBase: 100 }, { size: { type: 'string', default: '64' } }, async (split, values) => {
  const summary = await writeTexturedObjects({ out: split.out, count: split.count, seed: split.seed, size: Number(values.size) });
  const boxes = TEXTURED_OBJECTS_CATEGORIES.map((c) => `${summary.objects[c.id]} ${c.name}s`).join(', ');
  return `${summary.out}: ${summary.count} images ${summary.size}×${summary.size}, ${boxes} (${summary.dropped} mostly covered shapes dropped)`;
});
