import { LossyvisionError } from '../errors.js';
import type { LoadedResults } from './load.js';
import type { ModelAnalysis } from './analysis.js';

/**
 * Which model is a retrained version of which: retrained → pre-trained. Two sources, the
 * explicit mapping winning: `--retrained-of RETRAINED=BASE` on the command line, and a
 * `retrainedOf` entry in a model's provenance (ModelInfo.provenance), which the retraining
 * step is expected to write.
 */
export function pairRetrained(results: LoadedResults, explicit: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const run of results.runs) {
    for (const info of run.provenance.models ?? []) {
      const base = info.provenance?.retrainedOf;
      if (typeof base === 'string' && base !== '') pairs.set(info.id, base);
    }
  }
  for (const [retrained, base] of explicit) pairs.set(retrained, base);
  const models = new Set(results.cells.map((c) => c.model));
  for (const [retrained, base] of pairs) {
    for (const id of [retrained, base]) {
      if (!models.has(id)) throw new LossyvisionError('INVALID_ARGUMENT', `retrained-of names model "${id}", which has no results; models: ${[...models].join(', ')}`);
    }
  }
  return pairs;
}

/** Parses "RETRAINED=BASE" pairs. */
export function parseRetrainedOf(specs: readonly string[]): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    if (at <= 0 || at === spec.length - 1) {
      throw new LossyvisionError('INVALID_ARGUMENT', `Expected RETRAINED=PRETRAINED (two model ids) for retrained-of but received "${spec}" of type string`);
    }
    pairs.set(spec.slice(0, at), spec.slice(at + 1));
  }
  return pairs;
}

/**
 * Recovery of a retrained model at one level, three ways:
 * relative gain = (retrained − compressed) / compressed; gap closed = (retrained − compressed) / (pristine − compressed);
 * study recovery = (retrained − compressed) / retrained, the study's own figure ("recovers up to 78.4 %").
 * For lower-is-better metrics the differences flip sign, so positive always means better.
 */
export function recovery(
  pristine: number | null,
  compressed: number | null,
  retrained: number | null,
  direction: 'higher' | 'lower' = 'higher',
): { gain: number | null; gapClosed: number | null; studyRecovery: number | null } {
  if (compressed === null || retrained === null) return { gain: null, gapClosed: null, studyRecovery: null };
  const better = direction === 'higher' ? retrained - compressed : compressed - retrained;
  const gain = compressed === 0 ? null : better / Math.abs(compressed);
  const gap = pristine === null ? null : direction === 'higher' ? pristine - compressed : compressed - pristine;
  return { gain, gapClosed: gap === null || gap <= 0 ? null : better / gap, studyRecovery: retrained === 0 ? null : better / Math.abs(retrained) };
}

/** Why a gap closed reads n/a, under every table that says it. */
export const GAP_IN_NOISE =
  'gap closed n/a: compression cost the pre-trained model less than the noise there (the bootstrap interval of its change from pristine includes 0, or without one the level is within the tolerance), so there is no gap to close';

/**
 * Whether compression cost this model nothing measurable at a level: the bootstrap interval of
 * the change from pristine spans 0 (or, without one, the level is within the tolerance). There a
 * "gap closed" divides by noise and reads 700 %, so tables say n/a instead.
 */
export function lossWithinNoise(analysis: ModelAnalysis, codec: string, level: number): boolean {
  const at = analysis.codecs.find((c) => c.codec === codec)?.levels.find((l) => l.level === level);
  if (!at) return false;
  if (at.changeInterval) return at.changeInterval[0] <= 0 && at.changeInterval[1] >= 0;
  return at.withinTolerance;
}
