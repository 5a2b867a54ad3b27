import type { Direction, Metric } from '../metrics/metric.js';
import { storedDatasetInfo } from '../sweep/provenance.js';
import { storedMetrics } from '../tasks/index.js';
import { directionOf, type ClassValue, type MetricBinding, type PerClass } from '../tasks/task.js';
import type { ModelAnalysis } from './analysis.js';
import { loadSampleStates, type LoadedCell, type LoadedResults } from './load.js';
import { safeThreshold, type Tolerance } from './threshold.js';

/** One class (or object size) at one level. */
export interface ClassLevel {
  readonly level: number;
  readonly value: number | null;
  /** value − pristine, negative = worse; null when either is undefined. */
  readonly change: number | null;
  readonly withinTolerance: boolean;
}

export interface ClassCodec {
  readonly codec: string;
  /** The first level (least to most compressed) at which the class leaves the tolerance; null: never, or no pristine value. */
  readonly crosses: number | null;
  readonly levels: readonly ClassLevel[];
}

/** How one class fares along every codec setting. */
export interface ClassCollapse {
  readonly id: string;
  readonly name: string;
  readonly pristine: number | null;
  /** The largest loss at any tested level of any setting (most negative change); null when nothing compares. */
  readonly worstChange: number | null;
  readonly codecs: readonly ClassCodec[];
}

export interface ModelPerClass {
  readonly task: string;
  readonly model: string;
  /** The metric family and the per-class value ("coco-bbox/AP", "segmentation/IoU", "pckh@0.5/PCKh@0.5"). */
  readonly metric: string;
  readonly kind: PerClass['kind'];
  /** Classes that lose most first (by `worstChange`), classes with nothing to compare last. */
  readonly classes: readonly ClassCollapse[];
  /** Over every class, per object size ("small", "medium", "large"), where the task has sizes. */
  readonly sizes?: readonly ClassCollapse[];
}

/** A setting's levels (least to most compressed), each with its per-class breakdown (undefined: nothing stored). */
export interface PerClassCurve {
  readonly codec: string;
  readonly levels: readonly { readonly level: number; readonly perClass?: PerClass }[];
}

/**
 * Judges every class along every curve with the report's own rule (threshold.ts: a class crosses
 * at the first level outside the tolerance of its own pristine value) and orders them by loss.
 */
export function classCollapse(pristine: PerClass, curves: readonly PerClassCurve[], tolerance: Tolerance, direction: Direction): Pick<ModelPerClass, 'kind' | 'classes' | 'sizes'> {
  const judge = (id: string, name: string, base: number | null, at: (p: PerClass) => number | null): ClassCollapse => {
    const codecs = curves.map((c): ClassCodec => {
      const values = c.levels.map((l) => ({ level: l.level, value: l.perClass ? at(l.perClass) : null }));
      if (base === null) return { codec: c.codec, crosses: null, levels: values.map((v) => ({ ...v, change: null, withinTolerance: false })) };
      const verdict = safeThreshold(base, values, tolerance, direction);
      return {
        codec: c.codec,
        crosses: verdict.levels.find((l) => !l.withinTolerance)?.level ?? null,
        levels: verdict.levels.map((l) => ({ level: l.level, value: l.value, change: l.change, withinTolerance: l.withinTolerance })),
      };
    });
    const changes = codecs.flatMap((c) => c.levels.map((l) => l.change)).filter((v): v is number => v !== null);
    return { id, name, pristine: base, worstChange: changes.length ? Math.min(...changes) : null, codecs };
  };
  const valueOf = (id: string) => (p: PerClass) => p.classes.find((k) => k.id === id)?.value ?? null;
  // Nothing to compare last; ties keep the breakdown's order (sort is stable).
  const byLoss = (a: ClassCollapse, b: ClassCollapse) => (a.worstChange === null ? 1 : 0) - (b.worstChange === null ? 1 : 0) || (a.worstChange ?? 0) - (b.worstChange ?? 0);
  const classes = pristine.classes.map((k: ClassValue) => judge(k.id, k.name, k.value, valueOf(k.id))).sort(byLoss);
  const sizes = pristine.sizes ? Object.entries(pristine.sizes).map(([size, v]) => judge(size, size, v, (p) => p.sizes?.[size] ?? null)) : undefined;
  return { kind: pristine.kind, classes, ...(sizes ? { sizes } : {}) };
}

type AnyMetric = Metric<unknown, unknown, unknown>;

/**
 * Per class, the model's metric at pristine and every level, from the cell's own accumulator:
 * the per-sample states the sweep stored, merged (the same accumulators the tables' numbers
 * came from). Undefined when the results have no per-sample states or the task's metrics have
 * no per-class breakdown.
 */
export async function modelPerClass(results: LoadedResults, model: ModelAnalysis, tolerance: Tolerance): Promise<ModelPerClass | undefined> {
  if (!results.hasSampleMetrics || !model.pristine) return undefined;
  const run = results.runs.find((r) => r.id === model.runId);
  const bindings = () => storedMetrics(model.task, run?.provenance.config?.taskOptions, storedDatasetInfo(run?.provenance.dataset));
  const binding = bindings().find((b) => b.perClass);
  if (!binding) return undefined;
  const family = binding.metric.name;
  const fresh = (): MetricBinding => bindings().find((b) => b.metric.name === family)!;
  const perClassOf = async (cell: LoadedCell): Promise<PerClass | undefined> => {
    const states = await loadSampleStates(results, cell, family);
    if (states.size === 0) return undefined;
    const { metric, perClass } = fresh();
    for (const state of states.values()) {
      const one = fresh().metric as AnyMetric;
      one.load(state);
      metric.merge(one);
    }
    return perClass!(metric);
  };
  const pristine = await perClassOf(model.pristine);
  if (!pristine) return undefined;
  const curves: PerClassCurve[] = [];
  for (const c of model.codecs) {
    const levels = [];
    for (const l of c.levels) levels.push({ level: l.level, perClass: await perClassOf(l.cell) });
    curves.push({ codec: c.codec, levels });
  }
  return { task: model.task, model: model.model, metric: `${family}/${pristine.value}`, ...classCollapse(pristine, curves, tolerance, directionOf(binding, pristine.value)) };
}

/** One sentence per model for the report: the classes that lose most, and where they cross. */
export function describePerClass(p: ModelPerClass, shown = 3): string {
  const losing = p.classes.filter((k) => k.worstChange !== null && k.worstChange < 0).slice(0, shown);
  if (losing.length === 0) return `${p.model}: no ${p.kind} loses ${p.metric} at any tested level.`;
  const where = (k: ClassCollapse) => {
    const crossed = k.codecs.filter((c) => c.crosses !== null).map((c) => `${c.codec} ${c.crosses}`);
    return crossed.length ? `crosses the tolerance at ${crossed.join(', ')}` : 'stays within the tolerance';
  };
  return `${p.model}: ${losing.map((k) => `${k.name} (${p.metric.split('/')[1]} ${k.pristine?.toFixed(3)}, loses up to ${(-(k.worstChange as number)).toFixed(3)}; ${where(k)})`).join('; ')}.`;
}
