import { BroadcastChannel, threadId } from 'node:worker_threads';
import { threadCpuMs, threadTid } from './thread-cpu.js';

/**
 * Where this thread's CPU time went, by phase ("encode", "fidelity", "inference", …), for the
 * benchmark. Phases nest: time is credited to the innermost open phase only, so SSIM inside an
 * encode counts as fidelity and not twice. Every transition reads the thread clock, so the
 * phases plus "other" always add up to the thread's CPU time. Two async phases interleaved on
 * one thread (two samples in flight in the calling thread) keep that sum but may swap time
 * between each other; one sample per worker thread attributes exactly.
 */
const totals = new Map<string, number>();
const stack: string[] = [];
let current = 'other';
let mark = threadCpuMs();

function switchTo(phase: string): void {
  const now = threadCpuMs();
  totals.set(current, (totals.get(current) ?? 0) + now - mark);
  mark = now;
  current = phase;
}

function enter(phase: string): void {
  stack.push(current);
  switchTo(phase);
}

function leave(): void {
  switchTo(stack.pop() ?? 'other');
}

/** Runs synchronous work as `phase`. */
export function chargeCpu<T>(phase: string, work: () => T): T {
  enter(phase);
  try {
    return work();
  } finally {
    leave();
  }
}

/** Runs async work as `phase`; time spent awaiting other threads (libvips, onnxruntime) is not this thread's. */
export async function chargeCpuAsync<T>(phase: string, work: () => Promise<T>): Promise<T> {
  enter(phase);
  try {
    return await work();
  } finally {
    leave();
  }
}

/** This thread's CPU milliseconds per phase since the last drain, then starts afresh. */
export function drainCpuLedger(): Record<string, number> {
  switchTo(current);
  const out = Object.fromEntries(totals);
  totals.clear();
  return out;
}

/** One thread's drained ledger, as broadcast to listeners. */
export interface CpuReport {
  readonly threadId: number;
  /** The kernel's id for the thread (Linux), to tell JS threads from helper threads; 0 when unknown. */
  readonly tid: number;
  readonly phases: Record<string, number>;
}

const CHANNEL = 'lossyvision:cpu-ledger';
let channel: BroadcastChannel | undefined;

/**
 * Drains this thread's ledger and broadcasts it to every thread listening (the benchmark in
 * the main thread), so sweep workers report their CPU without a field in the sweep's results.
 */
export function publishCpuLedger(): void {
  const phases = drainCpuLedger();
  if (!channel) {
    channel = new BroadcastChannel(CHANNEL);
    channel.unref(); // publishing must never keep a thread alive
  }
  channel.postMessage({ threadId, tid: threadTid(), phases } satisfies CpuReport);
}

/** Receives every thread's published ledgers until the returned function is called. */
export function listenCpuLedger(onReport: (report: CpuReport) => void): () => void {
  const listener = new BroadcastChannel(CHANNEL);
  listener.onmessage = (event) => onReport((event as { data: CpuReport }).data);
  return () => listener.close();
}
