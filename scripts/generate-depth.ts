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
import { writeRenderedScenes } from '../src/datasets/synthetic/rendered-scenes.js';
import { generateSplits } from './splits.js';

await generateSplits(
  { out: 'results/depth', train: 1000, val: 100, test: 200, seedBase: 0 },
  { width: { type: 'string', default: '64' }, height: { type: 'string', default: '48' } },
  async (split, values) => {
    const s = await writeRenderedScenes({ out: split.out, count: split.count, seed: split.seed, width: Number(values.width), height: Number(values.height) });
    return `${s.out}: ${s.count} images ${s.width}×${s.height}, depth ${s.minDepth.toFixed(2)}–${s.maxDepth.toFixed(2)} m (mean ${s.meanDepth.toFixed(2)})`;
  },
);
