import type { Metric } from '../metrics/metric.js';
import { storedDatasetInfo } from '../sweep/provenance.js';
import { storedMetrics } from '../tasks/index.js';
import type { ModelAnalysis } from './analysis.js';
import { loadSampleStates, type LoadedResults, type LoadedRun } from './load.js';

/**
 * Per sample, the task's own test of "still agrees with pristine", computed on that sample
 * alone from its stored metric state: a box matched at IoU ≥ 0.5 (AP50), a person at OKS ≥ 0.5
 * (keypoint AP50), pixel agreement (global accuracy), δ₁ (a1), top-1. In reference mode the
 * ground truth *is* the pristine prediction, so this is agreement with pristine exactly; with
 * labels it is the sample's own score falling below its pristine score.
 */
const AGREEMENT: ReadonlyMap<string, string> = new Map([
  ['coco-bbox', 'AP50'],
  ['coco-keypoints', 'AP50'],
  ['segmentation', 'globalAcc'],
  ['depth', 'a1'],
  ['classification', 'top1'],
  ['action', 'top1'],
]);

/** A sample fails at a level when its agreement value drops more than this below its pristine value. */
const SLACK = 1e-9;

export interface SettingFirstFail {
  readonly codec: string;
  /** Levels least to most compressed, with how many samples first fail there. */
  readonly levels: readonly { readonly level: number; readonly firstFail: number }[];
  /** Samples that agree at every tested level. */
  readonly never: number;
  /** The most fragile samples: those failing at the mildest level, in sample order (at most 10). */
  readonly fragile: readonly { readonly sample: string; readonly level: number }[];
}

export interface ModelFirstFail {
  readonly task: string;
  readonly model: string;
  /** The metric family and the per-sample value that decides agreement ("coco-bbox/AP50"). */
  readonly agreement: string;
  /** Samples with a pristine value to compare against. */
  readonly samples: number;
  /** Samples left out: no state, or the value is undefined at pristine (no object to match). */
  readonly unscored: number;
  readonly codecs: readonly SettingFirstFail[];
}

type AnyMetric = Metric<unknown, unknown, unknown>;

/**
 * Scores one sample from its stored metric state: a fresh metric of the run's task (its options and
 * dataset categories, as the sweep built it) loaded with the state alone; null when the family is
 * unknown or the value is undefined there.
 */
export function sampleScorer(task: string, run: Pick<LoadedRun, 'provenance'> | undefined, family: string, value: string): (state: unknown) => number | null {
  return (state) => {
    const binding = storedMetrics(task, run?.provenance.config?.taskOptions, storedDatasetInfo(run?.provenance.dataset)).find((b) => b.metric.name === family);
    if (!binding) return null;
    (binding.metric as AnyMetric).load(state);
    const v = binding.values(binding.metric.compute())[value];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
}

/**
 * For every sample, the first level (least to most compressed) at which its prediction no longer
 * agrees with pristine, as a distribution per codec setting. A failure at a level counts even if
 * a harsher level happens to agree again: the first failure is what a user would hit. Undefined
 * when the results have no per-sample states or the task has no agreement value.
 */
export async function modelFirstFail(results: LoadedResults, model: ModelAnalysis): Promise<ModelFirstFail | undefined> {
  if (!results.hasSampleMetrics || !model.pristine) return undefined;
  const run = results.runs.find((r) => r.id === model.runId);
  const bindings = storedMetrics(model.task, run?.provenance.config?.taskOptions, storedDatasetInfo(run?.provenance.dataset));
  const binding = bindings.find((b) => AGREEMENT.has(b.metric.name));
  if (!binding) return undefined;
  const family = binding.metric.name;
  const value = AGREEMENT.get(family)!;
  const score = sampleScorer(model.task, run, family, value);
  const pristine = new Map<string, number | null>();
  for (const [id, state] of await loadSampleStates(results, model.pristine, family)) pristine.set(id, score(state));
  const scored = [...pristine].filter(([, v]) => v !== null).map(([id]) => id).sort();
  const codecs: SettingFirstFail[] = [];
  for (const c of model.codecs) {
    const first = new Map<string, number>();
    for (const l of c.levels) {
      const states = await loadSampleStates(results, l.cell, family);
      for (const id of scored) {
        if (first.has(id)) continue;
        const state = states.get(id);
        const v = state === undefined ? null : score(state);
        if (v === null || v < (pristine.get(id) as number) - SLACK) first.set(id, l.level);
      }
    }
    const mildestFail = c.levels.find((l) => [...first.values()].includes(l.level))?.level;
    codecs.push({
      codec: c.codec,
      levels: c.levels.map((l) => ({ level: l.level, firstFail: [...first.values()].filter((v) => v === l.level).length })),
      never: scored.length - first.size,
      fragile: mildestFail === undefined ? [] : scored.filter((id) => first.get(id) === mildestFail).slice(0, 10).map((sample) => ({ sample, level: mildestFail })),
    });
  }
  return { task: model.task, model: model.model, agreement: `${family}/${value}`, samples: scored.length, unscored: pristine.size - scored.length, codecs };
}
