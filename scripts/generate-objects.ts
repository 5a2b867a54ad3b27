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
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TEXTURED_OBJECTS_CATEGORIES, writeTexturedObjects } from '../src/datasets/synthetic/textured-objects.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'results/objects' },
    train: { type: 'string', default: '1500' },
    val: { type: 'string', default: '100' },
    test: { type: 'string', default: '200' },
    seed: { type: 'string', default: '0' },
    size: { type: 'string', default: '64' },
  },
});
const seed = Number(values.seed);
// Splits use seeds 3·seed + 100, + 101, + 102: disjoint from each other and from the textured-shapes splits (3·seed + 0..2).
const splits = [['train', values.train], ['val', values.val], ['test', values.test]] as const;
for (const [i, [name, count]] of splits.entries()) {
  if (Number(count) === 0) continue;
  const started = performance.now();
  const summary = await writeTexturedObjects({ out: path.join(values.out, name), count: Number(count), seed: 3 * seed + 100 + i, size: Number(values.size) });
  const boxes = TEXTURED_OBJECTS_CATEGORIES.map((c) => `${summary.objects[c.id]} ${c.name}s`).join(', ');
  console.log(`${summary.out}: ${summary.count} images ${summary.size}×${summary.size}, ${boxes} (${summary.dropped} mostly covered shapes dropped) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
