/** Michaelis et al. (2019): mean performance under corruption and its ratio to clean performance. */
export interface CorruptionPerformance {
  /** Mean of the metric over every level of every codec given (each codec weighted equally). */
  mPC: number | null;
  /** mPC / clean (pristine) performance; null when clean is 0 or unknown. */
  rPC: number | null;
}

/**
 * mPC = 1/N_c Σ_c 1/N_s Σ_s P_{c,s}: levels play the role of severities, codecs of corruptions.
 * Levels with an undefined metric (null) are left out of their codec's mean; a codec with none is left out.
 */
export function corruptionPerformance(clean: number | null, byCodec: ReadonlyMap<string, readonly (number | null)[]>): CorruptionPerformance {
  const means: number[] = [];
  for (const values of byCodec.values()) {
    const defined = values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (defined.length > 0) means.push(defined.reduce((a, b) => a + b, 0) / defined.length);
  }
  const mPC = means.length > 0 ? means.reduce((a, b) => a + b, 0) / means.length : null;
  const rPC = mPC !== null && clean !== null && clean !== 0 ? mPC / clean : null;
  return { mPC, rPC };
}
