/**
 * The retraining loop on Fashion-MNIST in one command:
 *  1. pre-train the reference CNN on 20 000 pristine training images, 3 epochs (≈ 88 % top-1;
 *     cached in results/cache, so a second run loads it);
 *  2. fine-tune two copies for the same 2 epochs: one on training images at JPEG 5 (retrained),
 *     one on pristine images (the control: training longer without compression);
 *  3. score all three on 2 000 test images at pristine and JPEG 50, 15, 10, 5, 3, 1, and sweep them
 *     through the sweep engine into results/retrain-demo/sweep for `lossyvision report`.
 *
 * Why these levels: on 28×28 images JPEG down to quality 15 costs about one point of top-1, so
 * the paper's upper levels show nothing here; the damage starts at quality 10 and grows to about
 * 7 points at quality 1. Retraining at 5, the paper's lowest level, sits inside that range.
 *
 *   npm run demo:retrain            (then: npx lossyvision report results/retrain-demo/sweep)
 */
import { parseCodecLevels } from '../src/codecs/levels.js';
import { trainingLevels } from '../src/retrain/augment.js';
import { runRetrainStudy } from '../src/retrain/study.js';
import { formatMatrix, formatRecoveryTables } from '../src/retrain/table.js';

const out = 'results/retrain-demo';
const result = await runRetrainStudy({
  model: 'ref:fashion-cnn',
  train: 'builtin:fashion-mnist:train',
  val: 'builtin:fashion-mnist:test',
  test: 'builtin:fashion-mnist:test',
  training: [trainingLevels('jpeg:5')],
  control: true,
  testCodecs: [parseCodecLevels('jpeg:50,15,10,5,3,1')],
  epochs: 2,
  maxTrain: 20_000,
  maxVal: 1_000,
  maxTest: 2_000,
  pretrainEpochs: 3,
  seed: 0,
  out,
  cacheDir: 'results/cache',
  onProgress: (m) => console.error(m),
  onEpoch: (run, r) => console.error(`  ${run} epoch ${r.epoch}: loss ${r.loss.toFixed(4)}${r.valScore === null ? '' : `, val ${r.valMetric} ${r.valScore.toFixed(4)}`} (${r.seconds.toFixed(1)} s)`),
});
console.log(formatRecoveryTables(result));
console.log(`\ntop-1 by model (rows) and test condition (columns)\n${formatMatrix(result)}`);
console.log(`results in ${out} (results.json, results.csv, history.json); sweep results in ${result.sweepDir ?? '—'}; ${result.wallSeconds.toFixed(0)} s on ${result.backend}`);
