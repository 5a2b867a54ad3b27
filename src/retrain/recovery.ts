/**
 * How much of what compression cost retraining won back, three ways. The study's headline
 * "retraining recovers up to 78.4 %" is the third: human pose at JPEG 5,
 * (0.454 − 0.098) / 0.454 = 0.784. All are null when undefined (a missing value, a zero denominator), never 0 or Infinity.
 */
export interface Recovery {
  /** (retrained − compressed) / compressed. */
  relativeGain: number | null;
  /** (retrained − compressed) / (pristine − compressed): 1 means the whole gap is closed. */
  gapClosed: number | null;
  /** Study recovery (retrained − compressed) / retrained: the share of the retrained score that retraining added. */
  studyRecovery: number | null;
}

type Value = number | null | undefined;

const known = (v: Value): v is number => typeof v === 'number' && Number.isFinite(v);

/** Relative gain (retrained − compressed) / compressed; null when compressed is 0 or missing. */
export function relativeGain(compressed: Value, retrained: Value): number | null {
  if (!known(compressed) || !known(retrained) || compressed === 0) return null;
  return (retrained - compressed) / compressed;
}

/**
 * Gap closed (retrained − compressed) / (pristine − compressed); null when compression cost
 * nothing (pristine = compressed) or a value is missing. For a lower-is-better metric the signs
 * cancel, so the same formula holds.
 */
export function gapClosed(pristine: Value, compressed: Value, retrained: Value): number | null {
  if (!known(pristine) || !known(compressed) || !known(retrained) || pristine === compressed) return null;
  return (retrained - compressed) / (pristine - compressed);
}

/**
 * Study recovery (retrained − compressed) / retrained, the figure Poyser et al. report as
 * "recovery"; null when retrained is 0 or a value is missing. Unlike gap closed it never
 * reaches 1 unless compression left nothing (compressed = 0), and it does not use pristine.
 */
export function studyRecovery(compressed: Value, retrained: Value): number | null {
  if (!known(compressed) || !known(retrained) || retrained === 0) return null;
  return (retrained - compressed) / retrained;
}

export function recovery(pristine: Value, compressed: Value, retrained: Value): Recovery {
  return {
    relativeGain: relativeGain(compressed, retrained),
    gapClosed: gapClosed(pristine, compressed, retrained),
    studyRecovery: studyRecovery(compressed, retrained),
  };
}
