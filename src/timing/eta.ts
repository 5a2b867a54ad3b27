/** "42 s", "3 min 05 s": how progress lines say a duration. */
export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Time left at the pace so far; undefined before the first unit is done (never NaN or Infinity). */
export function remainingMs(done: number, total: number, elapsedMs: number): number | undefined {
  if (done <= 0 || !(elapsedMs > 0) || !(total >= done)) return undefined;
  return ((total - done) * elapsedMs) / done;
}

/** "ETA 1 min 10 s", or "ETA –" while there is nothing to go on. */
export function etaPhrase(done: number, total: number, elapsedMs: number): string {
  const left = remainingMs(done, total, elapsedMs);
  return `ETA ${left === undefined ? '–' : durationText(left)}`;
}
