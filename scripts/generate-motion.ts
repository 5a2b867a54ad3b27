/**
 * Generates the "moving objects" action dataset (src/datasets/synthetic/moving-objects.ts): a
 * textured rectangle moving over a photo background, the class being its motion (right, left,
 * down, up, approach, recede, turn clockwise or anticlockwise), exact by construction. Writes a
 * UCF101-style folder of lossless AVI clips with classInd.txt, trainlist01.txt and testlist01.txt
 * (default `results/motion`, which git ignores: the data is generated, never committed).
 *
 *   node --import tsx scripts/generate-motion.ts [--out results/motion] [--train 800] [--test 400] [--seed 0] [--size 48] [--frames 8]
 */
import { parseArgs } from 'node:util';
import { writeMovingObjects } from '../src/datasets/synthetic/moving-objects.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'results/motion' },
    train: { type: 'string', default: '800' },
    test: { type: 'string', default: '400' },
    seed: { type: 'string', default: '0' },
    size: { type: 'string', default: '48' },
    frames: { type: 'string', default: '8' },
  },
});
const started = performance.now();
const summary = await writeMovingObjects({
  out: values.out, train: Number(values.train), test: Number(values.test), seed: Number(values.seed), size: Number(values.size), frames: Number(values.frames),
});
console.log(`${summary.out}: ${summary.train} training + ${summary.test} test clips of ${summary.frames} frames ${summary.size}×${summary.size}, ${summary.classes.length} classes, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
