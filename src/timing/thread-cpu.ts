import { openSync, readSync, readlinkSync } from 'node:fs';

/**
 * CPU time of the calling thread in milliseconds. process.cpuUsage() is process-wide, so with
 * sweep workers it mixes every thread; on Linux /proc/thread-self/schedstat gives this
 * thread's own run time in nanoseconds. The file is opened once per thread (module state is
 * per worker thread) and re-read with pread, about 5 µs a call.
 */
let fd: number | null | undefined;
const buffer = Buffer.alloc(96);

export function threadCpuMs(): number {
  if (fd === undefined) {
    try {
      fd = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      fd = null;
    }
  }
  if (fd !== null) {
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const end = buffer.indexOf(32);
    return Number(buffer.toString('latin1', 0, end < 0 || end > n ? n : end)) / 1e6;
  }
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Whether threadCpuMs measures this thread alone (false: it falls back to the whole process). */
export function threadCpuIsPerThread(): boolean {
  threadCpuMs();
  return fd !== null;
}

let tid: number | undefined;

/** The calling thread's kernel thread id (Linux; 0 elsewhere): /proc/thread-self → "pid/task/tid". */
export function threadTid(): number {
  if (tid === undefined) {
    try {
      tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    } catch {
      tid = 0;
    }
  }
  return tid;
}
