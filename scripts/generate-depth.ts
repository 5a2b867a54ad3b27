/**
 * Generates the "rendered scenes" depth dataset (src/datasets/synthetic/rendered-scenes.ts):
 * small ray-cast scenes (ground, back wall, boxes and balls) textured with the shipped
 * public-domain photos, with exact per-pixel z-depth. Writes `<out>/train`, `<out>/val` and
 * `<out>/test` as KITTI-style depth folders (images/ + depth/, 16-bit PNG, 256 per metre), each
 * from its own seed so no scene repeats (default `results/depth`, which git ignores: the data is
 * generated, never committed).
 *
 *   node --import tsx scripts/generate-depth.ts [--out results/depth] [--train 1000] [--val 100] [--test 200] [--seed 0] [--width 64] [--height 48]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeRenderedScenes } from '../src/datasets/synthetic/rendered-scenes.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'results/depth' },
    train: { type: 'string', default: '1000' },
    val: { type: 'string', default: '100' },
    test: { type: 'string', default: '200' },
    seed: { type: 'string', default: '0' },
    width: { type: 'string', default: '64' },
    height: { type: 'string', default: '48' },
  },
});
const seed = Number(values.seed);
// Splits use seeds 3·seed, 3·seed + 1, 3·seed + 2: disjoint streams whatever --seed is.
const splits = [['train', values.train], ['val', values.val], ['test', values.test]] as const;
for (const [i, [name, count]] of splits.entries()) {
  if (Number(count) === 0) continue;
  const started = performance.now();
  const s = await writeRenderedScenes({ out: path.join(values.out, name), count: Number(count), seed: 3 * seed + i, width: Number(values.width), height: Number(values.height) });
  console.log(`${s.out}: ${s.count} images ${s.width}×${s.height}, depth ${s.minDepth.toFixed(2)}–${s.maxDepth.toFixed(2)} m (mean ${s.meanDepth.toFixed(2)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
