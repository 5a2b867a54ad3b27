import { addTimings, emptyTimings, type SampleOutcome } from './outcome.js';
import type { Cell } from './plan.js';

/**
 * One of `of` parts of a sample's work: the conditions whose index ≡ `index` (mod `of`), every
 * model's cells of each. A condition's encode and its measures stay in one part, so each
 * level is still encoded once; each part reads and decodes the pristine image itself.
 */
export interface SamplePart {
  readonly index: number;
  readonly of: number;
}

export function inPart(conditionIndex: number, part: SamplePart): boolean {
  return conditionIndex % part.of === part.index;
}

/**
 * How many parts sample `i` of `total` is split into over `workers` workers: the last
 * `total mod workers` samples (all of them when there are fewer samples than workers) go in
 * one part per worker, so no worker idles at the end while another finishes a whole sample.
 * A shard of a small sweep, with one or three samples on two cores, otherwise runs at half
 * speed for a sample's whole time. The rest stay whole: each part costs a pristine decode.
 */
export function partsFor(i: number, total: number, workers: number, conditions: number): number {
  if (workers < 2 || conditions < 2) return 1;
  return i >= total - (total % workers) ? Math.min(workers, conditions) : 1;
}

/**
 * The parts' outcomes as the one outcome of the whole sample: cells in the plan's order,
 * timings and work summed. A sample that cannot be read fails in every part alike.
 */
export function combineParts(parts: readonly SampleOutcome[], cells: readonly Cell[]): SampleOutcome {
  if (parts.length === 1) return parts[0];
  const byCell = new Map(parts.flatMap((p) => p.cells).map((c) => [c.cell, c]));
  const timings = emptyTimings();
  const computed = { encodes: 0, predictions: 0 };
  let repaired = 0;
  for (const p of parts) {
    addTimings(timings, p.timings);
    computed.encodes += p.computed.encodes;
    computed.predictions += p.computed.predictions;
    repaired += p.repaired ?? 0;
  }
  const first = parts.find((p) => p.failure) ?? parts[0];
  return {
    ...first,
    cells: cells.flatMap((c) => byCell.get(c.index) ?? []),
    timings,
    computed,
    repaired,
  };
}
