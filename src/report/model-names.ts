import type { LoadedRun } from './load.js';

/**
 * The name a person reads for a model: its provenance `name` where the sweep recorded one (a
 * retraining study's "ref:segnet · retrained on jpeg:5" instead of its cache folder), else its id.
 * Ids stay the keys in every table file; only headings and sentences use the name.
 */
export function modelNames(runs: readonly Partial<Pick<LoadedRun, 'provenance'>>[]): (id: string) => string {
  const names = new Map<string, string>();
  for (const run of runs) {
    for (const m of run.provenance?.models ?? []) {
      const name = m.provenance?.name;
      if (typeof name === 'string' && name !== '') names.set(m.id, name);
    }
  }
  return (id) => names.get(id) ?? id;
}
