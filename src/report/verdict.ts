import { levelScale } from '../codecs/levels.js';
import { analyse, type Analysis, type AnalysisOptions, type CodecAnalysis, type ModelAnalysis } from './analysis.js';
import { loadResults, type LoadedRun } from './load.js';
import type { Tolerance } from './threshold.js';
import { modelNames } from './model-names.js';

/**
 * Below this many samples a bootstrap interval of the safe level is mostly noise (a resample of
 * six photos repeats some of them three times); the verdict says so in words.
 */
export const FIRM_SAMPLES = 30;

/** What the words in the verdict mean, said once under it. */
export const REFERENCE_MODE_NOTE =
  "reference mode: the data has no labels, so each model's own predictions on the pristine samples are its ground truth; the scores say how far compression moves a model away from itself, not how accurate it is";
export const BPP_NOTE = 'bpp: bits per pixel, the compressed size in bits ÷ (width × height); uncompressed 8-bit RGB is 24';

const fixed = (v: number): string => v.toFixed(3);

/** "quality 50", "crf 30", "300 kbit/s": a level in its codec's own words. */
export function levelText(codec: string, level: number): string {
  const scale = levelScale(codec);
  return scale === 'kbit/s' ? `${level} kbit/s` : `${scale} ${level}`;
}

function toleranceText(t: Tolerance, label: string): string {
  return t.kind === 'absolute' ? `within ${t.amount} ${label} of pristine` : `within ${t.amount * 100} % of its pristine value`;
}

/** The interval and sample count in brackets, with a plain warning when n is too small to mean much. */
function confidenceText(m: ModelAnalysis, c: CodecAnalysis, n: number): string {
  const few = n < FIRM_SAMPLES;
  const warning = few ? ' — too few samples for a firm answer' : '';
  const ci = c.thresholdInterval;
  if (!ci) return `(${m.ciNote}; n = ${n}${warning})`;
  const percent = `${ci.confidence * 100} %`;
  if (ci.mildest === null && ci.harshest === null) {
    // Nearly every resample finds no safe level: the interval has no end to print.
    return few ? `(n = ${n}: too few samples for a confidence interval)` : `(${percent} CI: no level is safe in almost every resample, n = ${n})`;
  }
  const span =
    ci.mildest === null ? `from no safe level to ${levelText(c.codec, ci.harshest!)}` : ci.mildest === ci.harshest ? levelText(c.codec, ci.mildest) : `${ci.mildest}…${ci.harshest}`;
  return `(${percent} CI ${span}, n = ${n}${warning})`;
}

/** One plain sentence per codec: the safe level and how sure it is, or why no level is safe. */
export function codecVerdict(m: ModelAnalysis & { pristineValue: number }, c: CodecAnalysis): string {
  const n = m.pristine?.n ?? 0;
  const safe = c.threshold.safe;
  if (safe === null) {
    const first = c.levels[0];
    if (!first) return `${c.codec}: no levels swept`;
    const what = first.value === null ? `has no scored samples` : `moves ${m.label} from ${fixed(m.pristineValue)} to ${fixed(first.value)}, beyond the limit ${fixed(c.threshold.limit)}`;
    return `${c.codec}: no level is safe: already ${levelText(c.codec, first.level)}, the mildest swept, ${what} ${confidenceText(m, c, n)}`;
  }
  const edge = c.levels.at(-1)?.level === safe ? '; that is the most compressed level swept: sweep further to find where it breaks' : '';
  return `${c.codec}: safe down to ${levelText(c.codec, safe)} ${confidenceText(m, c, n)}${edge}`;
}

/**
 * The answer at a glance, as lines for a terminal: per model its pristine value, then one
 * sentence per codec, then what "reference mode" and "bpp" mean (once).
 */
/** `runs` with provenance name models as their sweep did (see modelNames); without, by id. */
export function verdictLines(analysis: Analysis, runs: readonly (Pick<LoadedRun, 'groundTruth'> & Partial<Pick<LoadedRun, 'provenance'>>)[]): string[] {
  const lines: string[] = [];
  const name = modelNames(runs);
  for (const m of analysis.models) {
    const pristineValue = m.pristineValue;
    if (pristineValue === null) {
      // Undefined, not 0: e.g. no object in the ground truth (in reference mode: no pristine prediction above the threshold).
      lines.push(`${name(m.model)}: no verdict: ${m.label} is undefined on the pristine samples (their ground truth holds nothing to score)`);
      continue;
    }
    lines.push(`${name(m.model)}: ${m.label} ${fixed(pristineValue)} on pristine data; safe = the most compressed level ${toleranceText(analysis.tolerance, m.label)}`);
    for (const c of m.codecs) lines.push(`  ${codecVerdict({ ...m, pristineValue }, c)}`);
  }
  if (lines.length === 0) return [];
  if (runs.some((r) => r.groundTruth !== 'dataset labels')) lines.push(REFERENCE_MODE_NOTE);
  lines.push(BPP_NOTE);
  return lines;
}

/** The verdict of a results folder, without writing a report. */
export async function resultsVerdict(dir: string, options: AnalysisOptions = {}): Promise<string[]> {
  const results = await loadResults(dir);
  return verdictLines(await analyse(results, options), results.runs);
}
