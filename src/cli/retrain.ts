import { join } from 'node:path';
import type { Command } from 'commander';
import { parseCodecLevels, presetLevels, type CodecLevels } from '../codecs/levels.js';
import { LossyvisionError } from '../errors.js';
import { integerFlag, numberFlag } from '../validate.js';
import { randomLevels, trainingLevels, type Augmentation } from '../retrain/augment.js';
import { runRetrainStudy, PAPER_CRF_LEVELS, PAPER_JPEG_LEVELS } from '../retrain/study.js';
import { retrainTask } from '../tasks/index.js';
import { formatMatrix, formatRecoveryTables } from '../retrain/table.js';
import { useTempRoot } from './interrupt.js';
import { etaPhrase } from '../timing/eta.js';
import { addToleranceFlags, printVerdict, toleranceOf } from './verdict.js';

interface RetrainFlags {
  model: string;
  task: string;
  train: string;
  val?: string;
  test?: string;
  codec: string[];
  separate?: boolean;
  augment?: string;
  p: string;
  testCodec: string[];
  preset?: string;
  epochs: string;
  batchSize: string;
  lr: string;
  seed: string;
  maxTrain?: string;
  maxVal?: string;
  maxTest?: string;
  pretrainEpochs: string;
  cache: string;
  out: string;
  tmp?: string;
  json?: boolean;
  control?: boolean;
  sweep: boolean;
  report: boolean;
  tolerance: string;
  relative: boolean;
  adversarial?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function trainingPlan(flags: RetrainFlags, kind: 'image' | 'video'): Augmentation[] {
  const plan: Augmentation[] = [];
  for (const spec of flags.codec) {
    const levels = parseCodecLevels(spec);
    // --separate: one model per level (the train × test matrix); otherwise a list is one mixed-level run.
    if (flags.separate) plan.push(...levels.levels.map((l) => trainingLevels(`${spec.split(/[:@]/)[0]}:${l}${spec.includes('@') ? spec.slice(spec.indexOf('@')) : ''}`, kind)));
    else plan.push(trainingLevels(spec, kind));
  }
  if (flags.augment) plan.push(randomLevels(flags.augment, numberFlag(flags.p, '--p', 'number between 0 and 1', (v) => v >= 0 && v <= 1), kind));
  if (plan.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected --codec (e.g. jpeg:10, jpeg:5,10,15) or --augment (e.g. jpeg:5..50 --p 0.5)');
  return plan;
}

/** `lossyvision retrain`: fine-tune on compressed data, sweep before and after, print recovery. */
export function registerRetrain(program: Command): void {
  addToleranceFlags(program
    .command('retrain'))
    .description('fine-tune a classifier, segmenter, detector, depth or action network on compressed training data, then sweep the pre-trained and retrained models and print the recovery')
    .requiredOption('-m, --model <model>', 'TF.js Layers model (folder or model.json), or the task\'s reference network pre-trained on pristine --train data and cached: ref:fashion-cnn (classification), ref:segnet (segmentation), ref:centernet (detection), ref:depthnet (depth), ref:two-stream (action)')
    .option('-t, --task <task>', 'classification, segmentation, detection, depth or action', 'classification')
    .requiredOption('--train <data>', 'labelled training data (classification: class folders, label list, builtin:fashion-mnist:train; segmentation: a mask folder; detection: COCO or VOC; depth: a depth folder, images/ + depth/; action: a UCF101-style folder, its trainlist01.txt)')
    .option('--val <data>', 'labelled validation data, scored after every epoch')
    .option('--test <data>', 'labelled test data for the before/after sweep (default: --val)')
    .option('-c, --codec <spec>', 'training level(s): jpeg:10 fixed, jpeg:5,10,15 mixed (repeatable); video codecs for action (h264:40)', collect, [])
    .option('--separate', 'train one model per --codec level instead of mixing them (the train × test matrix)')
    .option('--augment <spec>', 'random-quality augmentation range, e.g. jpeg:5..50')
    .option('--p <probability>', 'probability that --augment compresses an image', '1')
    .option('--test-codec <spec>', `test levels (repeatable; default ${PAPER_JPEG_LEVELS}, ${PAPER_CRF_LEVELS} for action)`, collect, [])
    .option('--preset <name>', 'test levels by name: paper, imagenet-c (the codecs of the task\'s kind: JPEG for images, H.264 for action)')
    .option('--epochs <n>', 'fine-tuning epochs', '3')
    .option('--batch-size <n>', 'batch size', '64')
    .option('--lr <rate>', 'Adam learning rate for fine-tuning', '0.0005')
    .option('--seed <n>', 'seed of subsets, shuffling, augmentation and initialisation', '0')
    .option('--max-train <n>', 'seeded random subset of the training data')
    .option('--max-val <n>', 'seeded random subset of the validation data')
    .option('--max-test <n>', 'seeded random subset of the test data')
    .option('--pretrain-epochs <n>', 'epochs of pre-training for a ref: model', '2')
    .option('--cache <dir>', 'where ref: models are cached once pre-trained', 'results/cache')
    .option('-o, --out <dir>', 'results folder: results.json, results.csv, history.json, models and checkpoints', 'results/retrain')
    .option('--tmp <dir>', 'working folder for video frames and bitstreams (default: <out>/tmp)')
    .option('--control', 'also fine-tune on pristine data for the same epochs (the control arm), with recovery against it')
    .option('--no-sweep', 'skip <out>/sweep, the sweep engine\'s results folder for `lossyvision report`')
    .option('--no-report', 'skip writing the report of <out>/sweep (<out>/sweep/report); the verdict is still printed')
    .option('--adversarial <weight>', 'depth: add a conditional patch-GAN loss of this weight to the task loss (the study\'s depth GAN; default off)')
    .option('--json', 'print results.json instead of tables')
    .action(async (flags: RetrainFlags) => {
      await useTempRoot(flags.tmp ?? join(flags.out, 'tmp'));
      const tolerance = toleranceOf(flags);
      const kind = (await retrainTask(flags.task)).codecKind ?? 'image';
      const lr = numberFlag(flags.lr, '--lr', 'positive number', (v) => v > 0);
      const testCodecs: CodecLevels[] = [...flags.testCodec.map(parseCodecLevels), ...(flags.preset ? presetLevels(flags.preset).filter((c) => c.kind === kind) : [])];
      const training = trainingPlan(flags, kind);
      const adversarial = flags.adversarial === undefined ? undefined : numberFlag(flags.adversarial, '--adversarial', 'positive number', (v) => v > 0);
      const result = await runRetrainStudy({
        task: flags.task, model: flags.model, train: flags.train, val: flags.val, test: flags.test, training,
        testCodecs: testCodecs.length ? testCodecs : undefined,
        epochs: integerFlag(flags.epochs, '--epochs', 1) ?? 3, batchSize: integerFlag(flags.batchSize, '--batch-size', 1), learningRate: lr,
        seed: integerFlag(flags.seed, '--seed', 0), maxTrain: integerFlag(flags.maxTrain, '--max-train', 1), maxVal: integerFlag(flags.maxVal, '--max-val', 1),
        maxTest: integerFlag(flags.maxTest, '--max-test', 1), pretrainEpochs: integerFlag(flags.pretrainEpochs, '--pretrain-epochs', 1), cacheDir: flags.cache, out: flags.out,
        control: flags.control === true, sweep: flags.sweep, adversarial, tolerance,
        onProgress: (m) => process.stderr.write(`${m}\n`),
        onEpoch: (run, r, pace) => process.stderr.write(`  ${run} epoch ${r.epoch}: loss ${r.loss.toFixed(4)}${r.valScore === null ? '' : `, val ${r.valMetric} ${r.valScore.toFixed(4)}`} (${r.images} images, ${r.seconds.toFixed(1)} s; ${pace.done}/${pace.total} epochs of ${run === 'pre-training' ? 'pre-training' : 'retraining'}, ${etaPhrase(pace.done, pace.total, 1000 * pace.seconds)})\n`),
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      process.stdout.write(formatRecoveryTables(result));
      if (result.retrained.length > 1) process.stdout.write(`\ntrain level × test level (${result.metric})\n${formatMatrix(result)}`);
      process.stdout.write(`\nresults: ${flags.out}/results.json, results.csv, history.json (${result.wallSeconds.toFixed(0)} s, ${result.backend})\n`);
      if (result.sweepDir) {
        process.stdout.write(`sweep results: ${result.sweepDir}\n`);
        await printVerdict(result.sweepDir, flags.report, tolerance);
      }
    });
}
