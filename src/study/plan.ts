import { join } from 'node:path';
import { parseCodecLevels, type CodecLevels } from '../codecs/levels.js';
import { openUcf101 } from '../datasets/ucf101.js';
import { isVideoData } from '../datasets/video.js';
import { digestOf } from '../sweep/entry.js';
import { LossyvisionError } from '../errors.js';
import { canonicalJson } from '../json.js';
import type { TaskName } from '../models/model.js';
import { trainingLevels, type Augmentation } from '../retrain/augment.js';
import type { RetrainStudyOptions } from '../retrain/study.js';
import type { ActionSweepConfig } from '../sweep/action-run.js';
import { conditionsOf } from '../sweep/conditions.js';
import { indexSamples, openSweepDataset } from '../sweep/context.js';
import { defaultWorkers } from '../sweep/defaults.js';
import type { SweepConfig } from '../sweep/plan.js';
import { retrainTask, taskSettings } from '../tasks/index.js';
import type { Experiment, ModelEntry, Study } from './schema.js';

/** How an experiment runs: the image sweep engine, the action sweep, or the retraining protocol (which sweeps itself). */
export type ExperimentKind = 'sweep' | 'action' | 'retrain';

export interface PlannedExperiment {
  readonly experiment: Experiment;
  readonly kind: ExperimentKind;
  /** Its folder: `<out>/<name>`. */
  readonly dir: string;
  /** The results folder `lossyvision report` reads: the folder itself, or `<dir>/sweep` after retraining. */
  readonly resultsDir: string;
  /** What changes its numbers (the resolved experiment): a finished experiment with another identity is run again. */
  readonly identity: string;
  /** Samples swept (test samples after retraining); null where they are only known at run time (frames of video files). */
  readonly samples: number | null;
  /** Models × conditions of the sweep (of the test sweep after retraining, every arm counted). */
  readonly cells: number;
  /** Retraining only: models fine-tuned (control arm included) and epochs each. */
  readonly training?: { readonly runs: number; readonly epochs: number };
}

export function kindOf(e: Experiment): ExperimentKind {
  return e.retrain ? 'retrain' : e.task === 'action' ? 'action' : 'sweep';
}

/** Like the sweep's run identity, what changes the numbers only: worker count is left out. */
export function identityOf(e: Experiment): string {
  const { workers: _workers, ...numbers } = e;
  return digestOf(canonicalJson(numbers));
}

const camel = (flag: string): string => flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Where an error in an experiment's settings is: the study file and the experiment. */
function within<T>(study: Study, e: Experiment, key: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (!(error instanceof LossyvisionError)) throw error;
    const index = study.experiments.indexOf(e);
    throw new LossyvisionError(error.code, error.message, { file: study.source, entry: `experiments[${index}].${key}` }, { cause: error });
  }
}

/** The experiment's codec levels, parsed. */
export function codecLevelsOf(e: Experiment): CodecLevels[] {
  return e.codecs.map(parseCodecLevels);
}

/**
 * Models as `run` pairs them: one model with a config passes it as the model option (its id
 * stays the file), several give `model@config` specs.
 */
function pairedModels(models: readonly ModelEntry[]): { specs: string[]; modelConfig?: string } {
  if (models.length === 1 && typeof models[0] !== 'string') return { specs: [models[0].model], modelConfig: models[0].config };
  return { specs: models.map((m) => (typeof m === 'string' ? m : `${m.model}@${m.config}`)) };
}

/** The sweep configuration `lossyvision run` builds from the same settings given as flags. */
export function sweepConfigOf(study: Study, e: Experiment, dir: string): SweepConfig {
  const settings = within(study, e, 'options', () => taskSettings(e.task, Object.fromEntries(Object.entries(e.options).map(([k, v]) => [camel(k), v]))));
  const paired = pairedModels(e.models);
  return {
    task: e.task as TaskName,
    data: e.data,
    dataFormat: e.format,
    models: paired.specs,
    conditions: conditionsOf(codecLevelsOf(e)),
    maxSamples: e.maxSamples,
    seed: e.seed,
    referenceThreshold: e.referenceThreshold,
    workers: e.workers ?? defaultWorkers(e.models.map((m) => (typeof m === 'string' ? m : m.model))),
    cacheDir: join(dir, 'cache'),
    ...(e.frameStride === undefined && e.maxFrames === undefined ? {} : { video: { frameStride: e.frameStride, maxFrames: e.maxFrames } }),
    ...(settings.taskOptions ? { taskOptions: settings.taskOptions } : {}),
    ...(settings.datasetOptions ? { datasetOptions: settings.datasetOptions } : {}),
    modelOptions: { ...settings.modelOptions, ...(paired.modelConfig === undefined ? {} : { modelConfig: paired.modelConfig }) },
  };
}

/** The action sweep `lossyvision run --task action` builds. */
export function actionConfigOf(study: Study, e: Experiment, dir: string): ActionSweepConfig {
  if (e.models.length !== 1) throw new LossyvisionError('INVALID_FILE', `Expected exactly one model for task action but received ${e.models.length}`, { file: study.source, entry: `experiments[${study.experiments.indexOf(e)}].models` });
  const [model] = e.models;
  return {
    data: e.data,
    ...(e.splits ? { splits: e.splits } : {}),
    model: typeof model === 'string' ? model : model.model,
    modelOptions: typeof model === 'string' ? {} : { modelConfig: model.config },
    conditions: conditionsOf(codecLevelsOf(e)),
    ...(e.clips === undefined ? {} : { clips: e.clips }),
    ...(e.frameStride === undefined ? {} : { frameStride: e.frameStride }),
    ...(e.maxSamples === undefined ? {} : { maxVideos: e.maxSamples }),
    cacheDir: join(dir, 'cache'),
  };
}

/** The retraining protocol as `lossyvision retrain` runs it; the experiment's codecs are its test levels. */
export async function retrainOptionsOf(e: Experiment, dir: string, cacheDir: string): Promise<RetrainStudyOptions> {
  const r = e.retrain!;
  const kind = (await retrainTask(e.task)).codecKind ?? 'image';
  const training: Augmentation[] = r.codecs.flatMap((spec) => {
    if (!r.separate) return [trainingLevels(spec, kind)];
    // One model per level, as `retrain --separate`: the level list is split, parameters kept.
    const at = spec.indexOf('@');
    const params = at < 0 ? '' : spec.slice(at);
    return parseCodecLevels(spec).levels.map((l) => trainingLevels(`${spec.split(/[:@]/)[0]}:${l}${params}`, kind));
  });
  return {
    task: e.task, model: r.model, train: r.train, val: r.val, test: r.test ?? e.data, training,
    testCodecs: codecLevelsOf(e), epochs: r.epochs, batchSize: r.batchSize, learningRate: r.lr, seed: e.seed,
    maxTrain: r.maxTrain, maxVal: r.maxVal, maxTest: r.maxTest ?? e.maxSamples, pretrainEpochs: r.pretrainEpochs,
    cacheDir, out: dir, control: r.control === true, sweep: true, adversarial: r.adversarial,
  };
}

/** Samples a sweep over `data` reads (after the cap); null for frames of video files, known only once decoded. */
async function sampleCount(task: string, data: string, format: string | undefined, max: number | undefined, splits?: readonly number[]): Promise<number | null> {
  if (task === 'action') {
    const videos = (await openUcf101(data, { splits })).videos.length;
    return Math.min(videos, max ?? videos);
  }
  if (await isVideoData(data)) return null;
  const dataset = await openSweepDataset({ task: task as TaskName, data, dataFormat: format } as SweepConfig);
  const n = (await indexSamples(dataset)).length;
  return Math.min(n, max ?? n);
}

/**
 * Every experiment of the study (or the one `only` names) with its folder, identity and size.
 * Datasets are opened and counted here, so a wrong path fails before anything runs.
 */
export async function planStudy(study: Study, out: string, only?: string): Promise<PlannedExperiment[]> {
  const chosen = only === undefined ? study.experiments : study.experiments.filter((e) => e.name === only);
  if (chosen.length === 0) throw new LossyvisionError('UNKNOWN_ID', `Unknown experiment "${only}", expected one of: ${study.experiments.map((e) => e.name).join(', ')}`, { file: study.source });
  const planned: PlannedExperiment[] = [];
  for (const e of chosen) {
    const kind = kindOf(e);
    const dir = join(out, e.name);
    const conditions = 1 + conditionsOf(within(study, e, 'codecs', () => codecLevelsOf(e))).length;
    const at = (key: string) => `experiments[${study.experiments.indexOf(e)}].${key}`;
    const count = async (data: string, key: string, max: number | undefined): Promise<number | null> => {
      try {
        return await sampleCount(e.task, data, e.format, max, e.splits);
      } catch (error) {
        if (error instanceof LossyvisionError) throw new LossyvisionError(error.code, error.message, { file: study.source, entry: at(key) }, { cause: error });
        throw error;
      }
    };
    if (kind === 'retrain') {
      const r = e.retrain!;
      const runs = (r.control ? 1 : 0) + (r.separate ? r.codecs.reduce((n, c) => n + parseCodecLevels(c).levels.length, 0) : r.codecs.length);
      const samples = await count(r.test ?? e.data, r.test ? 'retrain.test' : 'data', r.maxTest ?? e.maxSamples);
      planned.push({ experiment: e, kind, dir, resultsDir: join(dir, 'sweep'), identity: identityOf(e), samples, cells: (1 + runs) * conditions, training: { runs, epochs: r.epochs } });
      continue;
    }
    if (kind === 'sweep') sweepConfigOf(study, e, dir);
    else actionConfigOf(study, e, dir);
    const models = kind === 'action' ? 1 : e.models.length;
    planned.push({ experiment: e, kind, dir, resultsDir: dir, identity: identityOf(e), samples: await count(e.data, 'data', e.maxSamples), cells: models * conditions });
  }
  return planned;
}

/** A plan's size in sample × cell steps; experiments of unknown size count 0. */
export function planUnits(p: PlannedExperiment): number {
  return (p.samples ?? 0) * p.cells;
}
