import { settingCodec } from '../codecs/levels.js';
import { getImageCodec } from '../codecs/registry.js';
import type { Direction } from '../metrics/metric.js';
import type { Analysis, ModelAnalysis } from '../report/analysis.js';
import type { RetrainStudyResult } from '../retrain/study.js';
import { CONTROL, studyModelName } from '../retrain/retrained-of.js';
import type { Recovery } from '../retrain/recovery.js';

/**
 * The study's three answers across experiments, from each experiment's own analysis (the one
 * `lossyvision report` makes) and, where retraining ran, its results.json: nothing is measured
 * again here, values are only put side by side.
 */

/** One model of one experiment at every level, its headline metric as a fraction of pristine. */
export interface LossRow {
  readonly experiment: string;
  readonly task: string;
  /** Readable: the id, or for a retraining's models "ref:segnet retrained on jpeg:5" (see `retrainedNames`). */
  readonly model: string;
  /** The model as the experiment's results name it (a folder for retrained models). */
  readonly modelId: string;
  /** The headline metric's label ("AP", "mIoU", "AbsRel"). */
  readonly metric: string;
  readonly direction: Direction;
  readonly pristine: number | null;
  /** `jpeg:50` → fraction of pristine (1 = as good as pristine, lower = worse); null where undefined. */
  readonly fractions: Readonly<Record<string, number | null>>;
  /** Per codec, the most compressed safe level (null: none safe), at the report's tolerance. */
  readonly safe: Readonly<Record<string, number | null>>;
}

/** Retraining at one test level: the three recovery figures, as `retrain` computed them. */
export interface RecoveryRow {
  readonly experiment: string;
  readonly task: string;
  readonly trainedOn: string;
  /** Retraining's own score ("top-1 accuracy", "mIoU"), higher is better. */
  readonly metric: string;
  readonly condition: string;
  readonly pretrained: number | null;
  readonly retrained: number | null;
  readonly recovery: Recovery;
  /** Compression cost the pre-trained model nothing measurable here, so gap closed is n/a. */
  readonly lossWithinNoise: boolean;
}

/** An architecture's resilience on one codec: mean normalised metric over the bpp range it was swept at. */
export interface RankRow {
  readonly experiment: string;
  readonly task: string;
  readonly model: string;
  readonly modelId: string;
  readonly codec: string;
  /** Area under the fraction-of-pristine vs bpp curve divided by the bpp span (1 = no loss anywhere). */
  readonly area: number;
  readonly bppRange: readonly [number, number];
}

export interface StudySummary {
  /** Level keys in column order: codecs as first met, each least to most compressed. */
  readonly levels: readonly string[];
  readonly loss: readonly LossRow[];
  readonly recovery: readonly RecoveryRow[];
  /** Per codec, most resilient first. */
  readonly ranking: Readonly<Record<string, readonly RankRow[]>>;
}

export interface ExperimentAnalysis {
  readonly name: string;
  readonly analysis: Analysis;
  readonly retrain?: RetrainStudyResult;
}

/**
 * A value as a fraction of pristine, oriented so that 1 is pristine and lower is worse whatever
 * the metric's direction: value / pristine when higher is better, pristine / value when lower is
 * (an error doubling reads 0.5). Null when undefined or the ratio has no meaning (zero, negative).
 */
export function fractionOfPristine(value: number | null, pristine: number | null, direction: Direction): number | null {
  if (value === null || pristine === null || !Number.isFinite(value) || !Number.isFinite(pristine)) return null;
  if (direction === 'higher') return pristine > 0 ? value / pristine : null;
  return value > 0 && pristine >= 0 ? pristine / value : null;
}

/**
 * Area under (bpp, fraction) by the trapezoid rule over the swept bpp range, divided by its
 * width, so models swept at different rates compare as "mean fraction kept". One point: its value.
 */
export function normalisedArea(points: readonly { bpp: number; fraction: number }[]): { area: number; bppRange: [number, number] } | null {
  const sorted = [...points].sort((a, b) => a.bpp - b.bpp);
  if (sorted.length === 0) return null;
  const lo = sorted[0].bpp;
  const hi = sorted[sorted.length - 1].bpp;
  if (hi - lo <= 0) return { area: sorted.reduce((s, p) => s + p.fraction, 0) / sorted.length, bppRange: [lo, hi] };
  let area = 0;
  for (let i = 1; i < sorted.length; i++) area += ((sorted[i].fraction + sorted[i - 1].fraction) / 2) * (sorted[i].bpp - sorted[i - 1].bpp);
  return { area: area / (hi - lo), bppRange: [lo, hi] };
}

/**
 * A retraining protocol's models by what they are rather than where they are saved, in the words
 * of its recovery tables (src/retrain/table.ts): "ref:segnet pre-trained", "ref:segnet control
 * (pristine)", "ref:segnet retrained on jpeg:5". Model folder → name.
 */
export function retrainedNames(retrain: RetrainStudyResult): Map<string, string> {
  const names = new Map([[retrain.pretrainedDir, studyModelName(retrain.model, 'pristine (pre-trained)')]]);
  if (retrain.control) names.set(retrain.control.modelDir, studyModelName(retrain.model, CONTROL));
  for (const r of retrain.retrained) names.set(r.modelDir, studyModelName(retrain.model, r.trainedOn));
  return names;
}

/** The readable name of a model id; an action stream (`<id> · spatial`) keeps its stream. */
function nameOf(id: string, names: ReadonlyMap<string, string>): string {
  const stream = / · (spatial|temporal|fusion)$/.exec(id);
  const base = stream ? id.slice(0, stream.index) : id;
  const name = names.get(base);
  return name === undefined ? id : stream ? `${name}${stream[0]}` : name;
}

export function studySummary(experiments: readonly ExperimentAnalysis[]): StudySummary {
  const levels: string[] = [];
  const loss: LossRow[] = [];
  const ranking: Record<string, RankRow[]> = {};
  const recoveryRows: RecoveryRow[] = [];
  for (const e of experiments) {
    const names = e.retrain ? retrainedNames(e.retrain) : new Map<string, string>();
    for (const m of e.analysis.models) {
      const model = nameOf(m.model, names);
      loss.push(lossRow(e.name, m, model, levels));
      for (const c of m.codecs) {
        const points = c.levels.flatMap((l) => {
          const fraction = fractionOfPristine(l.value, m.pristineValue, m.direction);
          return l.cell.bpp === null || fraction === null ? [] : [{ bpp: l.cell.bpp, fraction }];
        });
        const area = normalisedArea(points);
        if (area) (ranking[c.codec] ??= []).push({ experiment: e.name, task: m.task, model, modelId: m.model, codec: c.codec, ...area });
      }
    }
    if (e.retrain) {
      for (const r of e.retrain.retrained) {
        for (const row of r.recovery) recoveryRows.push({ experiment: e.name, task: e.retrain.task, trainedOn: r.trainedOn, metric: e.retrain.metricLabel, condition: row.condition, pretrained: row.pretrained, retrained: row.retrained, recovery: row.recovery, lossWithinNoise: e.retrain.lossWithinNoise?.includes(row.condition) ?? false });
      }
    }
  }
  for (const rows of Object.values(ranking)) rows.sort((a, b) => b.area - a.area);
  return { levels: columnOrder(levels), loss, recovery: recoveryRows, ranking };
}

/** Codecs as first met; each codec's levels least to most compressed where the codec says which end that is, else as met. */
function columnOrder(keys: readonly string[]): string[] {
  const byCodec = new Map<string, number[]>();
  for (const key of keys) {
    const at = key.lastIndexOf(':');
    const codec = key.slice(0, at);
    byCodec.set(codec, [...(byCodec.get(codec) ?? []), Number(key.slice(at + 1))]);
  }
  return [...byCodec].flatMap(([codec, levels]) => {
    let end: 'min' | 'max' | undefined;
    try {
      end = getImageCodec(settingCodec(codec)).level.mostCompressed;
    } catch {
      end = undefined; // a video codec: the order the experiments gave
    }
    const ordered = end === undefined ? levels : [...levels].sort((a, b) => (end === 'min' ? b - a : a - b));
    return ordered.map((l) => `${codec}:${l}`);
  });
}

function lossRow(experiment: string, m: ModelAnalysis, model: string, levels: string[]): LossRow {
  const fractions: Record<string, number | null> = {};
  const safe: Record<string, number | null> = {};
  for (const c of m.codecs) {
    safe[c.codec] = c.threshold.safe;
    for (const l of c.levels) {
      const key = `${c.codec}:${l.level}`;
      if (!levels.includes(key)) levels.push(key);
      fractions[key] = fractionOfPristine(l.value, m.pristineValue, m.direction);
    }
  }
  return { experiment, task: m.task, model, modelId: m.model, metric: m.label, direction: m.direction, pristine: m.pristineValue, fractions, safe };
}
