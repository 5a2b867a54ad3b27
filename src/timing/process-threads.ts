import { readdirSync, readFileSync } from 'node:fs';

/** One thread of this process as the kernel reports it. */
export interface ThreadSample {
  readonly tid: number;
  readonly name: string;
  /** CPU time so far, milliseconds. */
  readonly cpuMs: number;
}

/** Every live thread of this process with its CPU time (Linux /proc; empty elsewhere). */
export function sampleThreads(): ThreadSample[] {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return [];
  }
  const out: ThreadSample[] = [];
  for (const tid of tids) {
    try {
      const cpuNs = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
      const name = readFileSync(`/proc/self/task/${tid}/comm`, 'latin1').trim();
      out.push({ tid: Number(tid), name, cpuMs: cpuNs / 1e6 });
    } catch {
      // The thread exited between listing and reading.
    }
  }
  return out;
}

/**
 * Samples the process's threads every `intervalMs` and keeps each thread's last figure, so
 * threads that exit before the end (sweep workers, their helpers) still count, up to one
 * interval short.
 */
export interface WatchedThread extends ThreadSample {
  /** CPU time when first seen: 0 for threads started while watching. */
  readonly startMs: number;
  readonly existedBefore: boolean;
}

export function watchThreads(intervalMs = 250): { stop(): Map<number, WatchedThread> } {
  const seen = new Map<number, WatchedThread>();
  let first = true;
  const take = (): void => {
    for (const t of sampleThreads()) {
      const known = seen.get(t.tid);
      seen.set(t.tid, { ...t, startMs: known?.startMs ?? (first ? t.cpuMs : 0), existedBefore: known?.existedBefore ?? first });
    }
    first = false;
  };
  take();
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      return seen;
    },
  };
}
