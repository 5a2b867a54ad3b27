/**
 * The retraining loop on Fashion-MNIST in one command: pre-train the reference CNN on pristine
 * images (cached in results/cache, so a second run loads it), sweep JPEG 95…5 on 2 000 test
 * images, fine-tune at JPEG 10, sweep again, print the before/after table with recovery.
 *
 *   npm run demo:retrain
 */
import { runRetrainStudy } from '../src/retrain/study.js';
import { trainingLevels } from '../src/retrain/augment.js';
import { formatRecoveryTables } from '../src/retrain/table.js';

const result = await runRetrainStudy({
  model: 'ref:fashion-cnn',
  train: 'builtin:fashion-mnist:train',
  val: 'builtin:fashion-mnist:test',
  training: [trainingLevels('jpeg:10')],
  epochs: 2,
  maxTrain: 12_000,
  maxVal: 1_000,
  maxTest: 2_000,
  pretrainEpochs: 3,
  seed: 0,
  out: 'results/retrain-demo',
  cacheDir: 'results/cache',
  onProgress: (m) => console.error(m),
  onEpoch: (run, r) => console.error(`  ${run} epoch ${r.epoch}: loss ${r.loss.toFixed(4)}${r.valTop1 === null ? '' : `, val top-1 ${r.valTop1.toFixed(4)}`} (${r.seconds.toFixed(1)} s)`),
});
console.log(formatRecoveryTables(result));
console.log(`results in results/retrain-demo (results.json, results.csv, history.json); ${result.wallSeconds.toFixed(0)} s on ${result.backend}`);
