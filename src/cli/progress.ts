import cliProgress from 'cli-progress';
import type { SweepProgress } from '../sweep/result.js';
import type { ReportProgress } from '../report/report.js';
import { durationText, etaPhrase, remainingMs } from '../timing/eta.js';

/** How often a log (stderr not a terminal) hears that the sweep is alive: 10 s, or LOSSYVISION_HEARTBEAT_S. */
export function heartbeatMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.LOSSYVISION_HEARTBEAT_S);
  return seconds > 0 ? seconds * 1000 : 10_000;
}

export interface ProgressView {
  update: (p: SweepProgress) => void;
  stop: () => void;
}

const duration = durationText;

/** "12/40 samples" or, while videos remain unread, "12/30+ frames". */
export function countText(p: SweepProgress): string {
  if (p.totalKnown === false && p.total === 0) return `0 ${p.unit ?? 'samples'} (reading the first video)`;
  return `${p.done}/${p.total}${p.totalKnown === false ? '+' : ''} ${p.unit ?? 'samples'}`;
}

/** An estimate only once one sample is done and the total is known; "–" before (never "NF" or "NaN"). */
export function etaText(p: SweepProgress): string {
  const left = p.totalKnown === false ? undefined : remainingMs(p.done, p.total, p.elapsedMs);
  return left === undefined ? '–' : duration(left);
}

const rateText = (p: SweepProgress): string => (p.elapsedMs > 0 ? ((p.done * 1000) / p.elapsedMs).toFixed(2) : '0.00');
const currentText = (p: SweepProgress): string => (p.failed ? `${p.current} (${p.failed} failed)` : p.current);

/** One heartbeat line: where the sweep is, or that models are still loading. */
export function heartbeatText(p: SweepProgress | undefined, loading: string, elapsedMs: number): string {
  if (!p) return `loading ${loading}… (${duration(elapsedMs)})`;
  return `${countText(p)}, ${rateText(p)}/s, ETA ${etaText(p)}${p.current ? `, ${currentText(p)}` : ''}`;
}

/**
 * Progress of a sweep on stderr: a bar on a terminal, a heartbeat line every heartbeatMs() in a
 * log; both say which models are loading before the first sample.
 */
export function sweepProgressView(models: readonly string[], stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const loading = models.join(', ');
  const started = Date.now();
  if (!stream.isTTY) {
    let last: SweepProgress | undefined;
    const timer = setInterval(() => stream.write(`lossyvision: progress: ${heartbeatText(last, loading, Date.now() - started)}\n`), heartbeatMs());
    timer.unref();
    return { update: (p) => void (last = p), stop: () => clearInterval(timer) };
  }
  stream.write(`lossyvision: loading ${loading}…\n`);
  const bar = new cliProgress.SingleBar({ format: '{bar} {count} | {rate}/s | ETA {remaining} | {current}', stream, hideCursor: true }, cliProgress.Presets.shades_classic);
  let shown = false;
  return {
    update: (p) => {
      const payload = { count: countText(p), rate: rateText(p), remaining: etaText(p), current: currentText(p) };
      if (!shown) bar.start(p.total, p.done, payload);
      else {
        bar.setTotal(p.total);
        bar.update(p.done, payload);
      }
      shown = true;
    },
    stop: () => {
      if (shown) bar.stop();
    },
  };
}

/**
 * Progress of `report` on stderr: one line updated in place on a terminal ("report 3/7: charts,
 * 2 s, ETA 4 s"), a heartbeat line every heartbeatMs() in a log. The ETA counts stages, which
 * are not equally long: an estimate.
 */
export function reportProgressView(stream: NodeJS.WriteStream = process.stderr): { update: (p: ReportProgress) => void; stop: () => void } {
  let last: ReportProgress | undefined;
  const line = (p: ReportProgress): string => `report ${p.done + 1}/${p.total}: ${p.stage}, ${durationText(p.elapsedMs)}, ${etaPhrase(p.done, p.total, p.elapsedMs)}`;
  if (!stream.isTTY) {
    const timer = setInterval(() => last && stream.write(`lossyvision: progress: ${line(last)}\n`), heartbeatMs());
    timer.unref();
    return { update: (p) => void (last = p), stop: () => clearInterval(timer) };
  }
  return {
    update: (p) => {
      last = p;
      stream.write(`\r\x1b[2K${line(p)}`);
    },
    stop: () => {
      if (last) stream.write('\r\x1b[2K');
    },
  };
}

/** Runs a report with its progress view (none when `show` is false), stopped however the report ends. */
export async function withReportProgress<T>(show: boolean, write: (onProgress: (p: ReportProgress) => void) => Promise<T>): Promise<T> {
  if (!show) return write(() => {});
  const view = reportProgressView();
  try {
    return await write(view.update);
  } finally {
    view.stop();
  }
}
