import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { runCase, type CaseOutcome } from './harness.js';
import { Hostile } from './inputs.js';
import { ACCUMULATORS, caseDir, EVALS, freshRoot, READERS, runCases } from './targets.js';

/**
 * The hostile-input fuzz suite, in-process: the cases for every reader and `eval`
 * task, then seeded random damage to each until the time budget is spent.
 * LOSSYVISION_FUZZ_SECONDS sets the random phase's budget (default 5 s),
 * LOSSYVISION_FUZZ_SEED the seed (default 16): the same seed and budget replay the same cases
 * (how many fit in the budget depends on the machine).
 */

const SECONDS = Number(process.env.LOSSYVISION_FUZZ_SECONDS ?? 5);
const SEED = Number(process.env.LOSSYVISION_FUZZ_SEED ?? 16);
const root = freshRoot();
const outcomes: CaseOutcome[] = [];

const problems = (list: CaseOutcome[]) => list.filter((o) => o.problem).map((o) => `${o.name}: ${o.problem}`);

afterAll(() => {
  const users = outcomes.filter((o) => o.result === 'user-error').length;
  const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a), outcomes[0]);
  const fattest = outcomes.reduce((a, b) => (b.rssMb > a.rssMb ? b : a), outcomes[0]);
  console.log(
    `fuzz (seed ${SEED}, ${SECONDS} s random budget): ${outcomes.length} inputs, ${outcomes.length - users} exit 0, ${users} exit 2, ` +
      `${problems(outcomes).length} problems; slowest ${slowest?.ms.toFixed(0)} ms (${slowest?.name}), ` +
      `largest RSS growth ${fattest?.rssMb.toFixed(0)} MB (${fattest?.name})`,
  );
});

describe('hostile input, in-process', () => {
  for (const target of [...READERS, ...EVALS]) {
    it(`${target.name}: the issue's cases`, async () => {
      const cases = target.fixed(caseDir(root));
      const results: CaseOutcome[] = [];
      for (const c of cases) results.push(await runCase(c));
      outcomes.push(...results);
      expect(problems(results)).toEqual([]);
    }, 300_000);
  }

  it('the segmentation accumulator at 65 536 and 40 000 classes', async () => {
    const results: CaseOutcome[] = [];
    for (const c of ACCUMULATORS) results.push(await runCase(c));
    outcomes.push(...results);
    expect(problems(results)).toEqual([]);
    expect(results.every((r) => r.result === 'ok')).toBe(true);
  });

  it('run on the label lists that crashed it: huge labels, 130 000 and 200 000 lines', async () => {
    const results: CaseOutcome[] = [];
    for (const c of runCases(root)) results.push(await runCase(c));
    outcomes.push(...results);
    expect(problems(results)).toEqual([]);
    expect(results.every((r) => r.result === 'ok')).toBe(true);
  }, 300_000);

  it(`random damage to every reader and eval task for ${SECONDS} s (seed ${SEED})`, async () => {
    const h = new Hostile(SEED);
    const targets = [...READERS, ...EVALS];
    const results: CaseOutcome[] = [];
    const started = performance.now();
    // Round-robin, so every target gets cases even on a short budget.
    for (let i = 0; i < targets.length || performance.now() - started < SECONDS * 1000; i++) {
      const target = targets[i % targets.length];
      results.push(await runCase({ ...target.random(h, caseDir(root)), anyFile: true }));
    }
    outcomes.push(...results);
    expect(problems(results)).toEqual([]);
  }, 600_000 + SECONDS * 2000);
});
