import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { sampleThreads } from '../../src/timing/process-threads.js';
import { threadCpuIsPerThread, threadCpuMs, threadTid } from '../../src/timing/thread-cpu.js';

describe('threadCpuMs', () => {
  it('counts this thread only, not a busy worker beside it', async () => {
    expect(threadCpuIsPerThread()).toBe(true); // Linux, as in CI
    const mine = threadCpuMs();
    const processBefore = process.cpuUsage();
    // The worker spins until it has used 100 ms of its own CPU, while this thread waits.
    const spin = `const fs = require('fs');
      const cpu = () => Number(fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
      const end = cpu() + 100; while (cpu() < end);`;
    const worker = new Worker(spin, { eval: true });
    await new Promise((resolve) => worker.once('exit', resolve));
    const used = process.cpuUsage(processBefore);
    const mineUsed = threadCpuMs() - mine;
    const processUsed = (used.user + used.system) / 1000;
    expect(processUsed - mineUsed).toBeGreaterThanOrEqual(100);
    expect(mineUsed).toBeLessThan(60);
  });

  it('finds the calling thread among the process threads', () => {
    expect(threadTid()).toBe(process.pid); // vitest's forks pool runs tests on a main thread
    const me = sampleThreads().find((t) => t.tid === threadTid());
    expect(me?.cpuMs).toBeGreaterThan(0);
    expect(me!.cpuMs).toBeLessThanOrEqual(threadCpuMs() + 1);
  });
});
