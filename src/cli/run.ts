import { join } from 'node:path';
import { Command, Option } from 'commander';
import { integerFlag, numberFlag } from '../validate.js';
import { LossyvisionError } from '../errors.js';
import type { TaskName } from '../models/model.js';
import { defaultWorkers, SWEEP_DEFAULTS } from '../sweep/defaults.js';
import type { SweepConfig } from '../sweep/plan.js';
import { runSweep } from '../sweep/run.js';
import { storeResults } from '../sweep/store.js';
import { studyTable } from '../sweep/table.js';
import { IMAGE_TASK_NAMES, taskSettings } from '../tasks/index.js';
import { formatTable, repairedNote } from './table.js';
import { removeStaleResults, useTempRoot } from './interrupt.js';
import { sweepProgressView } from './progress.js';
import { MAX_LEVELS_WITHOUT_YES, runConditions } from './codec-flags.js';
import { parseRetrainedOf } from '../report/retrained.js';
import { addToleranceFlags, printVerdict, toleranceOf } from './verdict.js';
import { checkRetrainedOf, markRetrainedOf } from '../retrain/retrained-of.js';
import { formatStreams, storeStreams } from '../sweep/video-streams.js';
import { addTaskFlags } from './task-flags.js';
import { addInputLimitFlags } from './input-limits.js';
import { modelFlagParsers, pairModelConfigs, type GivenModelConfig, type PairedModels } from './model-specs.js';
import { silentModelWarning } from './silent-models.js';
import { lockResults } from '../sweep/lock.js';
import { parseShards, resolveShard, shardNote } from '../sweep/shard.js';
import { writeShard } from '../sweep/shard-manifest.js';
import { FIDELITIES, type Fidelity } from '../fidelity/fidelity.js';

interface RunFlags {
  tolerance: string;
  relative: boolean;
  fidelity: Fidelity;
  task: string;
  model: string[];
  data: string;
  format?: string;
  codec: string[];
  preset: string[];
  out: string;
  cache?: string;
  tmp?: string;
  maxSamples?: string;
  seed: string;
  workers?: string;
  referenceThreshold: string;
  modelConfig: GivenModelConfig[];
  threads?: string;
  batch?: string;
  progress: boolean;
  report: boolean;
  yes: boolean;
  frameStride?: string;
  maxFrames?: string;
  retrainedOf: string[];
  clips?: string;
  splits?: string;
  shard?: string;
  shards?: string;
  device: 'cpu' | 'cuda';
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `lossyvision run`: the sweep, its table, and its files in --out. */
export function registerRun(program: Command): void {
  const parse = modelFlagParsers();
  const command = addToleranceFlags(program
    .command('run')
    .description('sweep models × codec levels over a dataset; print the study table and store results in --out'))
    .addOption(new Option('--task <task>', 'task').choices([...IMAGE_TASK_NAMES, 'action']).default(SWEEP_DEFAULTS.task))
    .requiredOption('-m, --model <spec>', 'model: zoo:centernet, zoo:nanodet, a .onnx file, a TF.js model.json, or model.onnx@config.json (repeatable)', parse.model, [])
    .requiredOption('-d, --data <path>', 'dataset: COCO, VOC, a plain folder of images (reference mode), or a video file / folder of videos (frames are the samples; MOTChallenge <name>.gt.txt beside it for boxes)')
    .option('--format <format>', 'dataset format, when it cannot be detected')
    .option('-c, --codec <spec>', 'codec levels, e.g. jpeg:95,75,50 or webp:5..95/10 (repeatable)', collect, [])
    .option('--preset <name>', 'named level set: paper, imagenet-c (repeatable)', collect, [])
    .option('-o, --out <dir>', 'results folder', SWEEP_DEFAULTS.out)
    .option('--cache <dir>', 'content-addressed cache of bitstreams and predictions (default: <out>/cache)')
    .option('--tmp <dir>', 'working folder for decoded video frames and bitstreams (default: <out>/tmp); emptied as the run goes')
    .option('--max-samples <n>', 'use the first n samples of the seeded order')
    .option('--seed <n>', 'seed of the sample order', String(SWEEP_DEFAULTS.seed))
    .option('--workers <n>', 'worker threads (default: fastest measured for the models\' runtime)')
    .option('--model-config <file>', 'model config JSON (format, input size, normalisation, outputs, …; see lossyvision model-config) of the --model before it; before any --model: of every .onnx / TF.js model without its own', parse.modelConfig, [])
    .option('--threads <n>', 'onnxruntime intra-op threads per model instance (default: cores ÷ workers)')
    .option('--batch <n>', 'most images per inference call for an ONNX graph with a dynamic batch axis (default 8; 1: one at a time)')
    .addOption(new Option('--device <device>', 'where ONNX models run: cuda is onnxruntime\'s CUDA execution provider (untested here)').choices(['cpu', 'cuda']).default('cpu'))
    .addOption(new Option('--fidelity <measures>', 'image sweeps: PSNR and SSIM per encode (full), PSNR only, or none; columns left out are blank').choices([...FIDELITIES]).default('full'))
    .option('--reference-threshold <score>', 'unlabelled data: pristine detections scoring at least this are the ground truth', String(SWEEP_DEFAULTS.referenceThreshold))
    .option('--no-progress', 'no progress bar (terminal) or heartbeat lines (log)')
    .option('--yes', `sweep a codec range that expands to more than ${MAX_LEVELS_WITHOUT_YES} levels`, false)
    .option('--no-report', 'skip writing the report (<out>/report); the verdict is still printed')
    .option('--clips <n>', 'action: clips sampled per video, evenly spaced (default 1)')
    .option('--splits <list>', 'action: UCF101 test splits, e.g. 1,2,3 (default: every testlist0N.txt)')
    .option('--frame-stride <n>', 'video data: score every nth frame (all frames are still encoded)')
    .option('--max-frames <n>', 'video data: use the first n frames of each video')
    .option('--shard <K/N|auto>', 'run only shard K of N (1-based) of the samples (of the videos, for video data and --task action), for `lossyvision merge`; auto: from the SLURM / Kubernetes / AWS Batch array index')
    .option('--shards <n>', 'with --shard auto: the shard count, where the engine does not say it (Kubernetes, AWS Batch)')
    .option('--retrained-of <pair>', 'RETRAINED=PRETRAINED: this --model is a retrained version of that one; report shows it as the retrained columns (repeatable)', collect, [])
    .action(async (flags: RunFlags) => {
      const shard = flags.shard === undefined ? undefined : resolveShard(flags.shard, parseShards(flags.shards));
      const tolerance = toleranceOf(flags);
      lockResults(flags.out);
      await useTempRoot(flags.tmp ?? join(flags.out, 'tmp'));
      await removeStaleResults(flags.out, flags.cache ?? join(flags.out, 'cache'));
      const paired = pairModelConfigs(flags.model, flags.modelConfig);
      if (flags.task === 'action') {
        if (flags.fidelity !== 'full') throw new LossyvisionError('INVALID_ARGUMENT', `--fidelity ${flags.fidelity} applies to image sweeps; action sweeps always measure PSNR and SSIM`);
        // Imported here: the action path's modules (video classifiers, onnxruntime) are not an image sweep's.
        const { runActionCommand } = await import('./run-action.js');
        await runActionCommand({ ...flags, modelConfig: paired.modelConfig }, shard && { spec: shard, auto: flags.shard === 'auto' });
        // One shard's videos are not the dataset: the verdict and report come from `merge`'s folder.
        return shard ? undefined : printVerdict(flags.out, flags.report, tolerance, flags.progress);
      }
      const config = toConfig(flags, paired);
      // --retrained-of names models as given; a paired model's spec carries its config.
      const specOf = new Map(flags.model.map((m, i) => [m, paired.specs[i]]));
      const retrainedOf = new Map([...parseRetrainedOf(flags.retrainedOf)].map(([r, p]) => [specOf.get(r) ?? r, specOf.get(p) ?? p]));
      checkRetrainedOf(retrainedOf, paired.specs);
      const bar = flags.progress ? sweepProgressView(flags.model) : undefined;
      let result;
      try {
        result = await runSweep(config, { onProgress: bar?.update, shard });
      } finally {
        bar?.stop();
      }
      for (const note of result.notes ?? []) printNote(note);
      for (const warning of result.warnings ?? []) process.stderr.write(`lossyvision: warning: ${warning}\n`);
      markRetrainedOf(result, retrainedOf);
      const files = await storeResults(result, flags.out);
      if (result.shard) {
        const manifest = await writeShard(result, flags.out);
        const share =
          result.shard.unit === 'video'
            ? `${result.shard.covered?.length ?? 0} of ${result.shard.planned.length} videos (${result.stats.samples} samples)`
            : `${result.stats.samples} of ${result.shard.planned.length} samples`;
        process.stderr.write(`lossyvision: shard ${shardNote(result.shard.spec, flags.shard === 'auto')}: ${share}; for merge: ${manifest}\n`);
      }
      const table = studyTable(result);
      process.stdout.write(formatTable(table));
      if (result.streams) {
        process.stdout.write(`\n${formatStreams(result.streams)}`);
        await storeStreams(result.streams, flags.out);
      }
      const failed = result.failures.length;
      process.stdout.write(
        `\n${result.stats.samples} samples, ${result.cells.length} cells, ${failed} failure${failed === 1 ? '' : 's'}` +
          ` (${result.stats.computed.encodes} encodes and ${result.stats.computed.predictions} predictions computed, the rest from the cache${repairedNote(result.stats.repaired)})\n`,
      );
      process.stdout.write(`results: ${files.database}, ${files.table.markdown}, ${files.results.csv}\n`);
      for (const model of result.silentModels ?? []) process.stderr.write(`lossyvision: warning: ${silentModelWarning(model, config.task, result.stats.samples)}\n`);
      // One shard's samples are not the dataset: the verdict and report come from `merge`'s folder.
      if (!result.shard) await printVerdict(flags.out, flags.report, tolerance, flags.progress);
    });
  addTaskFlags(command);
  addInputLimitFlags(command);
}

const printNote = (note: string): void => void process.stderr.write(`lossyvision: note: ${note}\n`);

/**
 * The answer after the table: the verdict in words, then the report unless --no-report.
 * Retrained pairs need no passing: markRetrainedOf put them in the stored provenance.
 */
function toConfig(flags: RunFlags, paired: PairedModels): SweepConfig {
  const threshold = numberFlag(flags.referenceThreshold, '--reference-threshold', 'number between 0 and 1', (v) => v >= 0 && v <= 1);
  const conditions = runConditions(flags, printNote);
  const settings = taskSettings(flags.task, flags);
  return {
    task: flags.task as TaskName,
    data: flags.data,
    dataFormat: flags.format,
    models: paired.specs,
    conditions,
    maxSamples: integerFlag(flags.maxSamples, '--max-samples', 1),
    seed: integerFlag(flags.seed, '--seed', 0) ?? 0,
    referenceThreshold: threshold,
    workers: integerFlag(flags.workers, '--workers', 1) ?? defaultWorkers(flags.model, { cuda: flags.device === 'cuda' }),
    cacheDir: flags.cache ?? join(flags.out, 'cache'),
    ...(flags.fidelity === 'full' ? {} : { fidelity: flags.fidelity }),
    ...(flags.frameStride === undefined && flags.maxFrames === undefined
      ? {}
      : { video: { frameStride: integerFlag(flags.frameStride, '--frame-stride', 1), maxFrames: integerFlag(flags.maxFrames, '--max-frames', 1) } }),
    ...(settings.taskOptions ? { taskOptions: settings.taskOptions } : {}),
    ...(settings.datasetOptions ? { datasetOptions: settings.datasetOptions } : {}),
    modelOptions: {
      ...settings.modelOptions,
      ...(paired.modelConfig === undefined ? {} : { modelConfig: paired.modelConfig }),
      ...(flags.threads === undefined ? {} : { intraOpNumThreads: integerFlag(flags.threads, '--threads', 1) }),
      ...(flags.batch === undefined ? {} : { batch: integerFlag(flags.batch, '--batch', 1) }),
      ...(flags.device === 'cuda' ? { cuda: true } : {}),
    },
  };
}
