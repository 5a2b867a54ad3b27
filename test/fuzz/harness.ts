import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LossyvisionError } from '../../src/errors.js';
import type { Dataset } from '../../src/datasets/dataset.js';

/**
 * Runs one hostile case in-process and judges it the way the CLI would: it must resolve
 * (exit 0; a bad sample inside becomes a recorded failure) or reject with a LossyvisionError
 * (exit 2, message printed without a stack) whose message names the file, within a time and
 * memory cap. Anything else — a TypeError, a RangeError, a stack overflow, a hang, a
 * gigabyte allocation — is a bug, reported with the case's name and seed.
 */

/** Per case; generous, because the suite shares two cores with other work. */
export const CASE_MS = 15_000;
/** Growth of the process's resident memory during one case. */
export const CASE_RSS_MB = 600;

export interface CaseSpec {
  name: string;
  /** The file the case damaged: a user error must name it. */
  file?: string;
  /** The user error must also name the entry (a JSON path, a line, a pixel). */
  entry?: boolean;
  /**
   * Random damage often surfaces in another file (a damaged split file names an annotation
   * that does not exist): then naming any file is enough. The cases must name theirs.
   */
  anyFile?: boolean;
  run: () => Promise<unknown>;
}

export interface CaseOutcome {
  name: string;
  result: 'ok' | 'user-error';
  message?: string;
  ms: number;
  rssMb: number;
  /** Set when the case broke a rule. */
  problem?: string;
}

/** Errors a consumed dataset's samples raised (failed samples in a sweep). */
export class SampleErrors extends Error {
  constructor(readonly errors: unknown[]) {
    super(`${errors.length} sample errors`);
  }
}

function bugText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}\n${(error.stack ?? '').split('\n').slice(1, 4).join('\n')}` : String(error);
}

export async function runCase(spec: CaseSpec): Promise<CaseOutcome> {
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: no answer within ${CASE_MS} ms`)), CASE_MS);
  });
  let outcome: CaseOutcome;
  try {
    await Promise.race([spec.run(), timeout]);
    outcome = { name: spec.name, result: 'ok', ms: 0, rssMb: 0 };
  } catch (error) {
    outcome = judge(spec, error);
  } finally {
    clearTimeout(timer);
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  outcome.ms = performance.now() - started;
  outcome.rssMb = (peak - rss0) / 2 ** 20;
  if (!outcome.problem && outcome.ms > CASE_MS) outcome.problem = `took ${outcome.ms.toFixed(0)} ms (cap ${CASE_MS})`;
  if (!outcome.problem && outcome.rssMb > CASE_RSS_MB) outcome.problem = `grew RSS by ${outcome.rssMb.toFixed(0)} MB (cap ${CASE_RSS_MB})`;
  return outcome;
}

function judge(spec: CaseSpec, error: unknown): CaseOutcome {
  const errors = error instanceof SampleErrors ? error.errors : [error];
  for (const e of errors) {
    if (!(e instanceof LossyvisionError)) return { name: spec.name, result: 'user-error', ms: 0, rssMb: 0, problem: `not a user error (would print a stack, exit 1): ${bugText(e)}` };
  }
  const first = errors[0] as LossyvisionError;
  if (error instanceof SampleErrors) {
    // Failed samples: each must name its own file.
    const unnamed = errors.find((e) => !(e as LossyvisionError).file);
    return { name: spec.name, result: 'ok', message: first.message, ms: 0, rssMb: 0, ...(unnamed ? { problem: `sample error names no file: ${(unnamed as Error).message}` } : {}) };
  }
  const outcome: CaseOutcome = { name: spec.name, result: 'user-error', message: first.message, ms: 0, rssMb: 0 };
  if (/\n\s+at /.test(first.message)) outcome.problem = `message carries a stack: ${first.message}`;
  else if (spec.file && !first.message.includes(basename(spec.file)) && !(spec.anyFile && first.file)) outcome.problem = `message does not name ${basename(spec.file)}: ${first.message}`;
  else if (spec.entry && !first.entry) outcome.problem = `message names no entry: ${first.message}`;
  return outcome;
}

/**
 * Reads a dataset the way a sweep does: every sample indexed, and the pixels and ground truth
 * of the first `maxLoads` (a sweep loads each sample once; past a few hundred that is the same
 * work again, and 100 000 listed-but-absent images would only time the file system).
 */
export async function consume(dataset: Dataset, maxLoads = 200): Promise<number> {
  const errors: unknown[] = [];
  let n = 0;
  for await (const sample of dataset.samples()) {
    if (n++ >= maxLoads) continue;
    await sample.load().catch((e: unknown) => errors.push(e));
    const gt = sample.groundTruth as { load?: () => Promise<unknown> } | undefined;
    if (gt && typeof gt.load === 'function') await gt.load().catch((e: unknown) => errors.push(e));
  }
  if (errors.length > 0) throw new SampleErrors(errors);
  return n;
}
