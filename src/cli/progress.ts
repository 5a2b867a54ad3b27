import cliProgress from 'cli-progress';
import type { SweepProgress } from '../sweep/result.js';

/** How often a log (stderr not a terminal) hears that the sweep is alive: 10 s, or LOSSYVISION_HEARTBEAT_S. */
export function heartbeatMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.LOSSYVISION_HEARTBEAT_S);
  return seconds > 0 ? seconds * 1000 : 10_000;
}

export interface ProgressView {
  update: (p: SweepProgress) => void;
  stop: () => void;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** "12/40 samples" or, while videos remain unread, "12/30+ frames". */
export function countText(p: SweepProgress): string {
  if (p.totalKnown === false && p.total === 0) return `0 ${p.unit ?? 'samples'} (reading the first video)`;
  return `${p.done}/${p.total}${p.totalKnown === false ? '+' : ''} ${p.unit ?? 'samples'}`;
}

/** An estimate only once one sample is done and the total is known; "–" before (never "NF" or "NaN"). */
export function etaText(p: SweepProgress): string {
  if (p.done === 0 || p.totalKnown === false || !(p.elapsedMs > 0)) return '–';
  return duration(((p.total - p.done) * p.elapsedMs) / p.done);
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
