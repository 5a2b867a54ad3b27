import { conditionsOf } from '../sweep/conditions.js';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { parseCodecLevels, presetLevels, type CodecLevels } from '../codecs/levels.js';
import { invalidParameter, LossyvisionError } from '../errors.js';
import type { TaskName } from '../models/model.js';
import { defaultWorkers } from '../sweep/defaults.js';
import type { SweepConfig } from '../sweep/plan.js';
import { runSweep, type SweepProgress } from '../sweep/run.js';
import { storeResults } from '../sweep/store.js';
import { studyTable } from '../sweep/table.js';
import { IMAGE_TASK_NAMES, taskSettings } from '../tasks/index.js';
import { formatTable, repairedNote } from './table.js';
import { removeStaleResults, useTempRoot } from './interrupt.js';
import { runActionCommand } from './run-action.js';
import { parseRetrainedOf } from '../report/retrained.js';
import { checkRetrainedOf, markRetrainedOf } from '../retrain/retrained-of.js';
import { formatStreams, storeStreams } from '../sweep/video-streams.js';
import { addTaskFlags } from './task-flags.js';
import { addInputLimitFlags } from './input-limits.js';
import { modelFlagParsers, pairModelConfigs, type GivenModelConfig, type PairedModels } from './model-specs.js';
import { silentModelWarning } from './silent-models.js';
import { FIDELITIES, type Fidelity } from '../fidelity/fidelity.js';

interface RunFlags {
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
  progress: boolean;
  frameStride?: string;
  maxFrames?: string;
  retrainedOf: string[];
  clips?: string;
  splits?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `lossyvision run`: the sweep, its table, and its files in --out. */
export function registerRun(program: Command): void {
  const parse = modelFlagParsers();
  const command = program
    .command('run')
    .description('sweep models × codec levels over a dataset; print the study table and store results in --out')
    .addOption(new Option('--task <task>', 'task').choices([...IMAGE_TASK_NAMES, 'action']).default('detection'))
    .requiredOption('-m, --model <spec>', 'model: zoo:centernet, zoo:nanodet, a .onnx file, a TF.js model.json, or model.onnx@config.json (repeatable)', parse.model, [])
    .requiredOption('-d, --data <path>', 'dataset: COCO, VOC, a plain folder of images (reference mode), or a video file / folder of videos (frames are the samples; MOTChallenge <name>.gt.txt beside it for boxes)')
    .option('--format <format>', 'dataset format, when it cannot be detected')
    .option('-c, --codec <spec>', 'codec levels, e.g. jpeg:95,75,50 or webp:5..95/10 (repeatable)', collect, [])
    .option('--preset <name>', 'named level set: paper, imagenet-c (repeatable)', collect, [])
    .option('-o, --out <dir>', 'results folder', 'results')
    .option('--cache <dir>', 'content-addressed cache of bitstreams and predictions (default: <out>/cache)')
    .option('--tmp <dir>', 'working folder for decoded video frames and bitstreams (default: <out>/tmp); emptied as the run goes')
    .option('--max-samples <n>', 'use the first n samples of the seeded order')
    .option('--seed <n>', 'seed of the sample order', '0')
    .option('--workers <n>', 'worker threads (default: fastest measured for the models\' runtime)')
    .option('--model-config <file>', 'model config JSON (format, input size, normalisation, outputs, …; see lossyvision model-config) of the --model before it; before any --model: of every .onnx / TF.js model without its own', parse.modelConfig, [])
    .option('--threads <n>', 'onnxruntime intra-op threads per model instance (default: cores ÷ workers)')
    .addOption(new Option('--fidelity <measures>', 'image sweeps: PSNR and SSIM per encode (full), PSNR only, or none; columns left out are blank').choices([...FIDELITIES]).default('full'))
    .option('--reference-threshold <score>', 'unlabelled data: pristine detections scoring at least this are the ground truth', '0.5')
    .option('--no-progress', 'no progress bar')
    .option('--clips <n>', 'action: clips sampled per video, evenly spaced (default 1)')
    .option('--splits <list>', 'action: UCF101 test splits, e.g. 1,2,3 (default: every testlist0N.txt)')
    .option('--frame-stride <n>', 'video data: score every nth frame (all frames are still encoded)')
    .option('--max-frames <n>', 'video data: use the first n frames of each video')
    .option('--retrained-of <pair>', 'RETRAINED=PRETRAINED: this --model is a retrained version of that one; report shows it as the retrained columns (repeatable)', collect, [])
    .action(async (flags: RunFlags) => {
      await useTempRoot(flags.tmp ?? join(flags.out, 'tmp'));
      await removeStaleResults(flags.out, flags.cache ?? join(flags.out, 'cache'));
      const paired = pairModelConfigs(flags.model, flags.modelConfig);
      if (flags.task === 'action') {
        if (flags.fidelity !== 'full') throw new LossyvisionError('INVALID_ARGUMENT', `--fidelity ${flags.fidelity} applies to image sweeps; action sweeps always measure PSNR and SSIM`);
        return runActionCommand({ ...flags, modelConfig: paired.modelConfig });
      }
      const config = toConfig(flags, paired);
      // --retrained-of names models as given; a paired model's spec carries its config.
      const specOf = new Map(flags.model.map((m, i) => [m, paired.specs[i]]));
      const retrainedOf = new Map([...parseRetrainedOf(flags.retrainedOf)].map(([r, p]) => [specOf.get(r) ?? r, specOf.get(p) ?? p]));
      checkRetrainedOf(retrainedOf, paired.specs);
      const bar = flags.progress && process.stderr.isTTY ? progressBar() : undefined;
      let result;
      try {
        result = await runSweep(config, { onProgress: bar?.update });
      } finally {
        bar?.stop();
      }
      for (const note of result.notes ?? []) process.stderr.write(`lossyvision: note: ${note}\n`);
      for (const warning of result.warnings ?? []) process.stderr.write(`lossyvision: warning: ${warning}\n`);
      markRetrainedOf(result, retrainedOf);
      const files = await storeResults(result, flags.out);
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
    });
  addTaskFlags(command);
  addInputLimitFlags(command);
}

function toConfig(flags: RunFlags, paired: PairedModels): SweepConfig {
  const integer = (name: string, text: string | undefined, min: number): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw invalidParameter(`integer of at least ${min}`, name, /^-?\d+(\.\d+)?$/.test(text) ? value : text);
    return value;
  };
  const threshold = Number(flags.referenceThreshold);
  if (!(threshold >= 0 && threshold <= 1)) throw invalidParameter('number between 0 and 1', 'reference-threshold', flags.referenceThreshold);
  const specs: CodecLevels[] = [...flags.preset.flatMap(presetLevels), ...flags.codec.map(parseCodecLevels)];
  if (specs.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one --codec or --preset for run');
  const settings = taskSettings(flags.task, flags);
  const conditions = conditionsOf(specs);
  return {
    task: flags.task as TaskName,
    data: flags.data,
    dataFormat: flags.format,
    models: paired.specs,
    conditions,
    maxSamples: integer('max-samples', flags.maxSamples, 1),
    seed: integer('seed', flags.seed, 0) ?? 0,
    referenceThreshold: threshold,
    workers: integer('workers', flags.workers, 1) ?? defaultWorkers(flags.model),
    cacheDir: flags.cache ?? join(flags.out, 'cache'),
    ...(flags.fidelity === 'full' ? {} : { fidelity: flags.fidelity }),
    ...(flags.frameStride === undefined && flags.maxFrames === undefined
      ? {}
      : { video: { frameStride: integer('frame-stride', flags.frameStride, 1), maxFrames: integer('max-frames', flags.maxFrames, 1) } }),
    ...(settings.taskOptions ? { taskOptions: settings.taskOptions } : {}),
    ...(settings.datasetOptions ? { datasetOptions: settings.datasetOptions } : {}),
    modelOptions: {
      ...settings.modelOptions,
      ...(paired.modelConfig === undefined ? {} : { modelConfig: paired.modelConfig }),
      ...(flags.threads === undefined ? {} : { intraOpNumThreads: integer('threads', flags.threads, 1) }),
    },
  };
}

/** cli-progress on stderr; only made when stderr is a terminal. */
function progressBar(): { update: (p: SweepProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {value}/{total} samples | {rate}/s | ETA {eta_formatted} | {current}', stream: process.stderr, hideCursor: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      const rate = p.elapsedMs > 0 ? ((p.done * 1000) / p.elapsedMs).toFixed(2) : '0';
      const payload = { current: p.failed ? `${p.current} (${p.failed} failed)` : p.current, rate };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else bar.update(p.done, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
