import { settingCodec } from '../codecs/levels.js';
import { storedDatasetInfo } from '../sweep/provenance.js';
import { getImageCodec } from '../codecs/registry.js';
import { LossyvisionError } from '../errors.js';
import type { Direction, Metric } from '../metrics/metric.js';
import { metricMeaning, storedMetrics } from '../tasks/index.js';
import { directionOf } from '../tasks/task.js';
import { bdRate, type BdResult } from './bdrate.js';
import { BOOTSTRAP_DEFAULTS, percentileInterval, resampleIndices, SampleStates, type BootstrapOptions } from './bootstrap.js';
import { loadSampleStates, type LoadedCell, type LoadedResults, type MetricColumn } from './load.js';
import { corruptionPerformance, type CorruptionPerformance } from './mpc.js';
import { pairRetrained } from './retrained.js';
import { resultsOfSweep } from './in-memory.js';
import type { SweepResult } from '../sweep/result.js';
import { compressionOrder, DEFAULT_TOLERANCE, safeThreshold, type SafeThreshold, type Tolerance } from './threshold.js';

export interface AnalysisOptions {
  tolerance?: Tolerance;
  /** The metric the threshold, BD-rate and mPC use: a value name ("AP") or "family/value". Default: the table's first column. */
  metric?: string;
  /** BD-rate reference codec; default jpeg when swept, else the first codec. */
  referenceCodec?: string;
  /** Retrained model → the pre-trained model it was fine-tuned from. */
  retrainedOf?: ReadonlyMap<string, string>;
  bootstrap?: BootstrapOptions;
}

export interface LevelAnalysis {
  readonly cell: LoadedCell;
  readonly level: number;
  readonly value: number | null;
  /** Signed change from pristine, negative = worse. */
  readonly change: number | null;
  /** Bootstrap interval of `change`; null when per-sample states are missing. */
  readonly changeInterval: [number, number] | null;
  readonly withinTolerance: boolean;
}

export interface ThresholdInterval {
  /** Least and most compressed safe level seen across the middle 95 % of resamples; null = "none safe". */
  readonly mildest: number | null;
  readonly harshest: number | null;
  readonly replicates: number;
  readonly confidence: number;
}

export interface CodecAnalysis {
  readonly codec: string;
  /** Least to most compressed. */
  readonly levels: readonly LevelAnalysis[];
  readonly threshold: SafeThreshold;
  /** null: CI unavailable (no per-sample states). */
  readonly thresholdInterval: ThresholdInterval | null;
  readonly corruption: CorruptionPerformance;
  /** Against the reference codec; undefined for the reference itself. */
  readonly bd?: BdResult;
  /** The paired bootstrap's raw values (pristine and each level on the same resamples), for the budget; absent without per-sample states. */
  readonly replicates?: BootstrapReplicates;
}

/** Metric values per resample: `pristine[r]` and `levels[i][r]` were scored on the same draw r; null = undefined there. */
export interface BootstrapReplicates {
  readonly pristine: readonly (number | null)[];
  readonly levels: readonly (readonly (number | null)[])[];
}

export interface ModelAnalysis {
  readonly task: string;
  readonly model: string;
  readonly runId: string;
  readonly column: MetricColumn;
  /** The column's display label. */
  readonly label: string;
  readonly direction: Direction;
  readonly pristine?: LoadedCell;
  readonly pristineValue: number | null;
  readonly codecs: readonly CodecAnalysis[];
  readonly referenceCodec?: string;
  /** mPC/rPC over every codec and level of this model. */
  readonly corruption: CorruptionPerformance;
  /** The retrained model's cells, when one is paired with this model. */
  readonly retrained?: { readonly model: string; readonly cells: readonly LoadedCell[] };
  /** Why there is no confidence interval, or how it was made. */
  readonly ciNote: string;
}

export interface Analysis {
  readonly tolerance: Tolerance;
  readonly models: readonly ModelAnalysis[];
}

export const valueOf = (cell: LoadedCell | undefined, column: MetricColumn): number | null => cell?.metrics[column.family]?.[column.metric] ?? null;

export function labelOf(column: MetricColumn, columns: readonly MetricColumn[]): string {
  const clash = columns.some((c) => c.metric === column.metric && c.family !== column.family);
  return clash ? `${column.family} ${column.metric}` : column.metric;
}

/**
 * Picks the analysed metric column: the requested one, else the first that its task declares
 * as a headline (segmentation tables read G, C, mIoU; mIoU is the one people compare), else the table's first.
 */
export function pickColumn(columns: readonly MetricColumn[], wanted?: string, taskOf: (column: MetricColumn) => string | undefined = () => undefined): MetricColumn | undefined {
  if (!wanted) return columns.find((c) => metricMeaning(taskOf(c) ?? '', c.family)?.headline === c.metric) ?? columns[0];
  return columns.find((c) => `${c.family}/${c.metric}` === wanted || c.metric === wanted);
}

/**
 * Threshold, confidence, mPC/rPC and BD-rate for every (task, pre-trained model) in a results
 * folder (`loadResults`) or in a sweep's result just returned (no disk round trip).
 */
export async function analyse(given: LoadedResults | SweepResult, options: AnalysisOptions = {}): Promise<Analysis> {
  const results = 'config' in given ? resultsOfSweep(given) : given;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const column = pickColumn(results.columns, options.metric, (c) => results.cells.find((cell) => c.family in cell.metrics)?.task);
  if (!column) return { tolerance, models: [] };
  const pairs = pairRetrained(results, options.retrainedOf);
  const retrainedModels = new Set(pairs.keys());
  const groups = new Map<string, LoadedCell[]>();
  for (const cell of results.cells) {
    const key = `${cell.task}\u0000${cell.model}`;
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  const models: ModelAnalysis[] = [];
  for (const cells of groups.values()) {
    const { task, model } = cells[0];
    if (retrainedModels.has(model)) continue;
    const retrainedId = [...pairs].find(([, base]) => base === model)?.[0];
    const retrained = retrainedId ? { model: retrainedId, cells: groups.get(`${task}\u0000${retrainedId}`) ?? [] } : undefined;
    models.push(await analyseModel(results, cells, column, tolerance, options, retrained));
  }
  return { tolerance, models };
}

async function analyseModel(
  results: LoadedResults,
  cells: readonly LoadedCell[],
  column: MetricColumn,
  tolerance: Tolerance,
  options: AnalysisOptions,
  retrained: ModelAnalysis['retrained'],
): Promise<ModelAnalysis> {
  const { task, model, runId } = cells[0];
  const meaning = metricMeaning(task, column.family);
  const direction = meaning ? directionOf(meaning, column.metric) : 'higher';
  checkToleranceScale(tolerance, direction, labelOf(column, results.columns));
  const pristine = cells.find((c) => c.level === null);
  const pristineValue = valueOf(pristine, column);
  const codecIds = [...new Set(cells.filter((c) => c.level !== null).map((c) => c.codec))];
  const sampled = await sampleSets(results, task, pristine, cells, column);
  const boot = { ...BOOTSTRAP_DEFAULTS, ...options.bootstrap };

  const codecs: CodecAnalysis[] = codecIds.map((codec) => {
    const levelCells = compressionOrder(
      cells.filter((c) => c.codec === codec && c.level !== null).map((c) => ({ cell: c, level: c.level as number, bpp: c.bpp })),
      mostCompressedEnd(codec),
    );
    const values = levelCells.map((l) => ({ level: l.level, value: valueOf(l.cell, column) }));
    const threshold = pristineValue === null ? { safe: null, limit: NaN, levels: values.map((v) => ({ ...v, change: null, withinTolerance: false })) } : safeThreshold(pristineValue, values, tolerance, direction);
    const ci = sampled ? thresholdBootstrap(sampled, levelCells.map((l) => l.cell), tolerance, direction, boot) : undefined;
    return {
      codec,
      levels: levelCells.map((l, i) => ({
        cell: l.cell,
        level: l.level,
        value: values[i].value,
        change: threshold.levels[i].change,
        changeInterval: ci?.changes[i] ?? null,
        withinTolerance: threshold.levels[i].withinTolerance,
      })),
      threshold,
      thresholdInterval: ci?.threshold ?? null,
      ...(ci ? { replicates: ci.replicates } : {}),
      corruption: corruptionPerformance(pristineValue, new Map([[codec, values.map((v) => v.value)]])),
    };
  });

  const referenceCodec = options.referenceCodec ?? (codecIds.includes('jpeg') ? 'jpeg' : codecIds[0]);
  const reference = codecs.find((c) => c.codec === referenceCodec);
  const points = (c: CodecAnalysis) => c.levels.filter((l) => l.cell.bpp !== null && l.value !== null).map((l) => ({ bpp: l.cell.bpp as number, metric: l.value as number }));
  const withBd = codecs.map((c) => (reference && c !== reference ? { ...c, bd: bdRate(points(reference), points(c)) } : c));

  const ciNote = !results.hasSampleMetrics
    ? 'CI unavailable: results.duckdb has no per-sample metric states (table sample_metrics)'
    : !sampled
      ? `CI unavailable: no per-sample states for ${column.family} of ${model}`
      : `bootstrap ${boot.confidence * 100} % CI over ${sampled.samples} samples (${boot.replicates} resamples, seed ${boot.seed}, percentile method)`;
  return {
    task,
    model,
    runId,
    column,
    label: labelOf(column, results.columns),
    direction,
    pristine,
    pristineValue,
    codecs: withBd,
    referenceCodec: reference?.codec,
    corruption: corruptionPerformance(pristineValue, new Map(codecs.map((c) => [c.codec, c.levels.map((l) => l.value)]))),
    retrained,
    ciNote,
  };
}

/**
 * Every higher-is-better metric here is a fraction (AP, accuracy, IoU, PCK, δ < 1.25): an
 * absolute tolerance of 1 or more would call every level safe, which is a percentage typed as a fraction.
 */
function checkToleranceScale(tolerance: Tolerance, direction: Direction, label: string): void {
  if (tolerance.kind === 'absolute' && direction === 'higher' && tolerance.amount >= 1) {
    throw new LossyvisionError(
      'INVALID_ARGUMENT',
      `Expected a tolerance below 1 for ${label}, a 0–1 metric (0.01 = 1 point; a relative tolerance gives a fraction of pristine) but received ${tolerance.amount}: every level would be safe`,
    );
  }
}

function mostCompressedEnd(codec: string): 'min' | 'max' | undefined {
  try {
    return getImageCodec(settingCodec(codec)).level.mostCompressed;
  } catch {
    return undefined; // a codec this build does not know (e.g. video): order by bpp
  }
}

type AnyMetric = Metric<unknown, unknown, unknown>;

interface SampledCells {
  samples: number;
  pristine: SampleStates<AnyMetric>;
  byCell: Map<LoadedCell, SampleStates<AnyMetric>>;
  read: (m: AnyMetric) => number | null;
  /** Pristine's value in each resample, by "replicates:seed": every codec of the model draws the same resamples. */
  pristineReplicates: Map<string, (number | null)[]>;
  /** The metric's merge is order-free (MetricBinding.orderFree): a resample's value depends on its counts alone. */
  orderFree: boolean;
}

/** Per-sample states of every cell of one model, aligned on the union of sample ids; undefined when missing. */
async function sampleSets(results: LoadedResults, task: string, pristine: LoadedCell | undefined, cells: readonly LoadedCell[], column: MetricColumn): Promise<SampledCells | undefined> {
  if (!results.hasSampleMetrics || !pristine) return undefined;
  const run = results.runs.find((r) => r.id === pristine.runId);
  // The metrics the sweep ran with (`run --max-depth`, `--pck-alpha`, …), so stored states load.
  const binding = () => storedMetrics(task, run?.provenance.config?.taskOptions, storedDatasetInfo(run?.provenance.dataset)).find((b) => b.metric.name === column.family);
  const probe = binding();
  if (!probe) return undefined;
  const spec = { create: () => binding()!.metric as AnyMetric, repeat: probe.repeat };
  const read = (m: AnyMetric): number | null => (probe.value ? probe.value(m, column.metric) : (probe.values(m.compute())[column.metric] ?? null));
  const states = new Map<LoadedCell, Map<string, unknown>>();
  for (const cell of cells) states.set(cell, await loadSampleStates(results, cell, column.family));
  const pristineStates = states.get(pristine)!;
  if (pristineStates.size === 0) return undefined;
  const ids = [...new Set([...states.values()].flatMap((m) => [...m.keys()]))].sort();
  const aligned = (m: Map<string, unknown>) => new SampleStates(spec, ids.map((id) => m.get(id)));
  return { samples: ids.length, pristine: aligned(pristineStates), byCell: new Map([...states].map(([c, m]) => [c, aligned(m)])), read, pristineReplicates: new Map(), orderFree: probe.orderFree === true };
}

/** A resample as the count of each sample in it. */
function countsKey(draw: Uint32Array, samples: number): string {
  const counts = new Uint16Array(samples);
  for (const i of draw) counts[i]++;
  return counts.join(',');
}

/** Paired bootstrap: each resample scores pristine and every level on the same samples, then re-judges the threshold. */
function thresholdBootstrap(
  sampled: SampledCells,
  levelCells: readonly LoadedCell[],
  tolerance: Tolerance,
  direction: Direction,
  boot: Required<BootstrapOptions>,
): { changes: ([number, number] | null)[]; threshold: ThresholdInterval; replicates: BootstrapReplicates } {
  const draws = resampleIndices(sampled.samples, boot.replicates, boot.seed);
  const changes: (number | null)[][] = levelCells.map(() => []);
  const replicates = { pristine: [] as (number | null)[], levels: levelCells.map(() => [] as (number | null)[]) };
  const safeRanks: number[] = [];
  // An order-free metric scores a resample by how often each sample is drawn: on a handful of
  // samples resamples repeat (6 samples: about 320 distinct in 1000), and each is scored once.
  const counts = sampled.orderFree ? draws.map((draw) => countsKey(draw, sampled.samples)) : undefined;
  const scored = new Map<SampleStates<AnyMetric>, Map<string, number | null>>();
  const score = (set: SampleStates<AnyMetric>, d: number): number | null => {
    if (!counts) return sampled.read(set.merged(draws[d]));
    let known = scored.get(set);
    if (!known) scored.set(set, (known = new Map()));
    let v = known.get(counts[d]);
    if (v === undefined) known.set(counts[d], (v = sampled.read(set.merged(draws[d]))));
    return v;
  };
  const key = `${boot.replicates}:${boot.seed}`;
  if (!sampled.pristineReplicates.has(key)) sampled.pristineReplicates.set(key, draws.map((_, d) => score(sampled.pristine, d)));
  const pristine = sampled.pristineReplicates.get(key)!;
  for (let d = 0; d < draws.length; d++) {
    const p = pristine[d];
    replicates.pristine.push(p);
    const values = levelCells.map((cell, i) => {
      const set = sampled.byCell.get(cell);
      const v = set ? score(set, d) : null;
      replicates.levels[i].push(v);
      changes[i].push(p === null || v === null ? null : direction === 'higher' ? v - p : p - v);
      return { level: i, value: v };
    });
    // Ranks stand in for levels: −1 is "no level is safe", i the i-th least compressed.
    safeRanks.push(p === null ? -1 : (safeThreshold(p, values, tolerance, direction).safe ?? -1));
  }
  const sorted = [...safeRanks].sort((a, b) => a - b);
  const alpha = (1 - boot.confidence) / 2;
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((sorted.length - 1) * q)))];
  const toLevel = (rank: number) => (rank < 0 ? null : (levelCells[rank].level as number));
  return {
    changes: changes.map((c) => percentileInterval(c, boot.confidence)),
    threshold: { mildest: toLevel(pick(alpha)), harshest: toLevel(pick(1 - alpha)), replicates: boot.replicates, confidence: boot.confidence },
    replicates,
  };
}
