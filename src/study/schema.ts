import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { parseCodecLevels, presets } from '../codecs/levels.js';
import { parseJsonText } from '../datasets/coco/json.js';
import { readInputText } from '../media/input-file.js';
import { LossyvisionError, quote } from '../errors.js';
import { TASK_NAMES } from '../tasks/index.js';

/**
 * A study file: shared defaults, then experiments, each one sweep (and optionally a retraining
 * protocol) written to `<out>/<name>/`. JSON, so every field is checked by the schema below and
 * errors name the key path (`experiments[1].codecs[0]`). Relative paths are read against the study
 * file's folder; `zoo:`, `ref:` and `builtin:` specs are left as they are.
 */

const codecSpec = z.string().superRefine((text, ctx) => {
  try {
    parseCodecLevels(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

const presetName = z.string().refine((p) => presets.has(p), { message: `Expected a level preset, one of: ${[...presets.keys()].join(', ')}` });

const positiveInt = z.number().int().min(1);

/** A model: a spec (`zoo:centernet`, `det.onnx`), or a file with its model config. */
const modelEntry = z.union([z.string().min(1), z.object({ model: z.string().min(1), config: z.string().min(1) }).strict()]);

/** Task settings by their `run` flag names without the dashes: `{"score-threshold": 0.3, "max-depth": 80}`. */
const taskOptions = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'Expected a run flag name without dashes, e.g. "score-threshold"'), z.union([z.number(), z.string()]));

/** The retraining protocol: `lossyvision retrain` in one object. */
const retrainSchema = z
  .object({
    comment: z.string().optional(),
    /** The task's reference network (`ref:centernet`) or a TF.js Layers model. */
    model: z.string().min(1),
    train: z.string().min(1),
    val: z.string().min(1).optional(),
    /** Default: the experiment's data. */
    test: z.string().min(1).optional(),
    /** Training level(s): `jpeg:5` fixed, `jpeg:5,10,15` mixed; with `separate`, one model per level. */
    codecs: z.array(codecSpec).min(1),
    separate: z.boolean().optional(),
    epochs: positiveInt,
    pretrainEpochs: positiveInt.optional(),
    batchSize: positiveInt.optional(),
    lr: z.number().positive().optional(),
    maxTrain: positiveInt.optional(),
    maxVal: positiveInt.optional(),
    /** Default: the experiment's maxSamples. */
    maxTest: positiveInt.optional(),
    /** Also fine-tune on pristine data for as many epochs (the control arm). */
    control: z.boolean().optional(),
    adversarial: z.number().positive().optional(),
  })
  .strict();

/** Everything an experiment may set; `defaults` may set all of it but the name. */
const settings = {
  comment: z.string().optional(),
  task: z.enum(TASK_NAMES as [string, ...string[]]).optional(),
  models: z.array(modelEntry).min(1).optional(),
  data: z.string().min(1).optional(),
  format: z.string().min(1).optional(),
  codecs: z.array(codecSpec).optional(),
  presets: z.array(presetName).optional(),
  options: taskOptions.optional(),
  maxSamples: positiveInt.optional(),
  seed: z.number().int().min(0).optional(),
  workers: positiveInt.optional(),
  referenceThreshold: z.number().min(0).max(1).optional(),
  frameStride: positiveInt.optional(),
  maxFrames: positiveInt.optional(),
  clips: positiveInt.optional(),
  splits: z.array(positiveInt).min(1).optional(),
};

const defaultsSchema = z.object({ ...settings, retrain: retrainSchema.partial().strict().optional() }).strict();

const experimentSchema = z
  .object({
    ...settings,
    /** The experiment's folder under --out, and how `--only` names it. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Expected a name of letters, digits, ".", "_" and "-" (it names the folder)'),
    retrain: retrainSchema.partial().strict().optional(),
  })
  .strict();

const studySchema = z
  .object({
    comment: z.string().optional(),
    name: z.string().min(1).optional(),
    /** Put the published study's tables beside ours in the report and check its findings. */
    published: z.literal('paper').optional(),
    /** Said in the report: what was cut to fit a time budget. */
    budget: z.string().min(1).optional(),
    defaults: defaultsSchema.optional(),
    experiments: z.array(experimentSchema).min(1),
  })
  .strict()
  .superRefine((study, ctx) => {
    const seen = new Set<string>();
    study.experiments.forEach((e, i) => {
      if (seen.has(e.name)) ctx.addIssue({ code: 'custom', path: ['experiments', i, 'name'], message: `Expected unique experiment names but "${e.name}" comes twice` });
      seen.add(e.name);
    });
  });

export type StudyFile = z.infer<typeof studySchema>;
export type ModelEntry = z.infer<typeof modelEntry>;
export type RetrainProtocol = z.infer<typeof retrainSchema>;

/** One experiment with the defaults filled in and paths resolved: what the runner executes. */
export interface Experiment {
  readonly name: string;
  readonly task: string;
  readonly models: readonly ModelEntry[];
  readonly data: string;
  readonly format?: string;
  /** Level specs in the grammar (`jpeg:95,50`), presets expanded first. */
  readonly codecs: readonly string[];
  readonly options: Readonly<Record<string, number | string>>;
  readonly maxSamples?: number;
  readonly seed: number;
  readonly workers?: number;
  readonly referenceThreshold: number;
  readonly frameStride?: number;
  readonly maxFrames?: number;
  readonly clips?: number;
  readonly splits?: readonly number[];
  readonly retrain?: RetrainProtocol;
}

export interface Study {
  readonly name: string;
  /** The study file, or `preset:<name>`. */
  readonly source: string;
  /** The file's text as read: its hash is the study's identity in provenance. */
  readonly text: string;
  readonly published?: 'paper';
  readonly budget?: string;
  readonly experiments: readonly Experiment[];
}

/** `experiments[1].codecs[0]`: the key path as a user reads it. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '') || '(root)';
}

const SPEC_PREFIX = /^[a-z][a-z0-9-]*:/;

/** Reads a study file: JSON, or YAML by its extension (.yaml/.yml), validated, defaults merged, paths resolved against its folder. */
export async function readStudy(file: string): Promise<Study> {
  const text = await readInputText(file, { what: 'a study file', missing: 'file not found', folder: 'expected a study file (JSON or YAML) but found a folder' });
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  return parseStudy(yaml ? parseYamlText(text, file) : parseJsonText(text, file), { source: file, text, baseDir: dirname(file) });
}

/** YAML 1.2 (core schema, so `no` stays a string), the first syntax error named with its line. */
function parseYamlText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const [line, col] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [undefined, undefined];
    throw new LossyvisionError('INVALID_FILE', `malformed YAML${line === undefined ? '' : ` (line ${line}:${col})`}: ${error.message.split('\n')[0]}`, { file });
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/**
 * Validates a parsed study and resolves it. `baseDir`: where relative paths point from (the
 * study file's folder; the package root for built-in presets).
 */
export function parseStudy(json: unknown, where: { source: string; text: string; baseDir: string }): Study {
  const result = studySchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const extra = issue.code === 'unrecognized_keys' ? `: ${issue.keys.map((k) => quote(k)).join(', ')}` : '';
    throw new LossyvisionError('INVALID_FILE', `${issue.message}${extra}`, { file: where.source, entry: keyPath(issue.path) });
  }
  const study = result.data;
  const path = (p: string): string => {
    if (SPEC_PREFIX.test(p) || isAbsolute(p)) return p;
    // Shown relative to the working folder, as a user would type it on the command line.
    return relative(process.cwd(), resolve(where.baseDir, p)) || '.';
  };
  const model = (m: ModelEntry): ModelEntry => (typeof m === 'string' ? path(m) : { model: path(m.model), config: path(m.config) });
  const d = study.defaults ?? {};
  const experiments = study.experiments.map((e, i): Experiment => {
    const missing = (key: string): never => {
      throw new LossyvisionError('INVALID_FILE', `Expected "${key}" here or in defaults`, { file: where.source, entry: `experiments[${i}]` });
    };
    const task = e.task ?? d.task ?? missing('task');
    const models = (e.models ?? d.models ?? missing('models')).map(model);
    const data = path(e.data ?? d.data ?? missing('data'));
    const codecs = [...(e.presets ?? d.presets ?? []).flatMap((p) => presets.get(p) ?? []), ...(e.codecs ?? d.codecs ?? [])];
    if (codecs.length === 0) missing('codecs or presets');
    const retrain = e.retrain || d.retrain ? { ...d.retrain, ...e.retrain } : undefined;
    if (retrain) {
      const parsed = retrainSchema.safeParse(retrain);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new LossyvisionError('INVALID_FILE', `${issue.message} (here or in defaults.retrain)`, { file: where.source, entry: keyPath(['experiments', i, 'retrain', ...issue.path]) });
      }
    }
    const protocol = retrain as RetrainProtocol | undefined;
    return {
      name: e.name,
      task,
      models,
      data,
      codecs,
      options: { ...d.options, ...e.options },
      seed: e.seed ?? d.seed ?? 0,
      referenceThreshold: e.referenceThreshold ?? d.referenceThreshold ?? 0.5,
      ...optional({ format: e.format ?? d.format, maxSamples: e.maxSamples ?? d.maxSamples, workers: e.workers ?? d.workers, frameStride: e.frameStride ?? d.frameStride, maxFrames: e.maxFrames ?? d.maxFrames, clips: e.clips ?? d.clips, splits: e.splits ?? d.splits }),
      ...(protocol
        ? { retrain: { ...protocol, model: path(protocol.model), train: path(protocol.train), ...optional({ val: protocol.val && path(protocol.val), test: protocol.test && path(protocol.test) }) } }
        : {}),
    };
  });
  return { name: study.name ?? where.source, source: where.source, text: where.text, ...optional({ published: study.published, budget: study.budget }), experiments };
}

/** The defined members only, so absent settings stay absent (and out of hashes). */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
