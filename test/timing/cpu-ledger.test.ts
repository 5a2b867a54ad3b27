import { describe, expect, it } from 'vitest';
import { chargeCpu, chargeCpuAsync, drainCpuLedger, listenCpuLedger, publishCpuLedger, type CpuReport } from '../../src/timing/cpu-ledger.js';
import { threadCpuMs } from '../../src/timing/thread-cpu.js';

/** Spins until this thread has used `ms` more CPU: a fixed amount of CPU, however loaded the machine. */
function burn(ms: number): void {
  const until = threadCpuMs() + ms;
  let x = 0;
  while (threadCpuMs() < until) x += Math.sqrt(x + 1);
  expect(x).toBeGreaterThan(0);
}

describe('cpu ledger', () => {
  it('credits nested phases exclusively, and the phases add up to the thread time', () => {
    drainCpuLedger();
    const start = threadCpuMs();
    chargeCpu('outer', () => {
      burn(30);
      chargeCpu('inner', () => burn(20));
    });
    const phases = drainCpuLedger();
    const elapsed = threadCpuMs() - start;
    expect(phases.outer).toBeGreaterThanOrEqual(30);
    expect(phases.outer).toBeLessThan(40);
    expect(phases.inner).toBeGreaterThanOrEqual(20);
    expect(phases.inner).toBeLessThan(30);
    const sum = Object.values(phases).reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThanOrEqual(elapsed - 1);
    expect(sum).toBeLessThanOrEqual(elapsed + 5);
  });

  it('returns to the enclosing phase after async work and after a throw', async () => {
    drainCpuLedger();
    await chargeCpuAsync('load', async () => {
      burn(10);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(() => chargeCpu('bad', () => { throw new Error('boom'); })).toThrow('boom');
      burn(10);
    });
    const phases = drainCpuLedger();
    expect(phases.load).toBeGreaterThanOrEqual(20);
    expect(phases.bad ?? 0).toBeLessThan(5);
    expect(phases.other ?? 0).toBeLessThan(10);
  });

  it('broadcasts a drained ledger to listeners', async () => {
    const reports: CpuReport[] = [];
    const stop = listenCpuLedger((r) => reports.push(r));
    chargeCpu('work', () => burn(5));
    publishCpuLedger();
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(reports).toHaveLength(1);
    expect(reports[0].phases.work).toBeGreaterThanOrEqual(5);
    expect(reports[0].tid).toBeGreaterThan(0);
    expect(drainCpuLedger().work).toBeUndefined();
  });
});
