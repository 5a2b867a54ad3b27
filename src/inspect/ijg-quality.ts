import type { JpegHeaders } from './jpeg-markers.js';

/** ITU T.81 Annex K.1 base tables, natural order: the tables libjpeg scales by quality. */
export const ANNEX_K_LUMINANCE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24,
  35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
export const ANNEX_K_CHROMINANCE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, ...new Array<number>(32).fill(99),
];

/** libjpeg's jpeg_quality_scaling: quality 1–100 → a percentage scale factor. */
export function qualityScaling(quality: number): number {
  const q = Math.min(100, Math.max(1, Math.trunc(quality)));
  return q < 50 ? Math.trunc(5000 / q) : 200 - 2 * q;
}

/** libjpeg's jpeg_add_quant_table: (base · scale + 50) / 100 in integers, clamped to 1…32767, and to 255 when forcing baseline. */
export function scaledTable(base: readonly number[], quality: number, forceBaseline = true): number[] {
  const scale = qualityScaling(quality);
  return base.map((b) => Math.min(forceBaseline ? 255 : 32767, Math.max(1, Math.trunc((b * scale + 50) / 100))));
}

/** The IJG quality a JPEG's quantisation tables correspond to. */
export interface IjgQuality {
  /** The quality whose IJG tables are closest (the exact one when `exact`). */
  readonly quality: number;
  /** True when every table used is IJG's scaled table at `quality` (with or without baseline forcing). */
  readonly exact: boolean;
  /**
   * Mean absolute difference between the file's entries and IJG's at `quality`, in quantiser
   * steps over every table compared: 0 when exact.
   */
  readonly distance: number;
  /** Which tables were compared: luma only for greyscale, luma and chroma otherwise. */
  readonly compared: readonly ('luma' | 'chroma')[];
  /** Every quality with exactly these tables when more than one has (only possible at the extremes). */
  readonly alsoExact?: readonly number[];
}

/**
 * Estimates the IJG quality: tries every quality 1–100 against the tables the components use
 * (the first component's against the luminance base, the others' against the chrominance
 * base, as libjpeg's jpeg_set_quality assigns them), baseline-forced and not, and keeps the
 * nearest. Undefined when a component's table is missing or the file is lossless.
 */
export function ijgQuality(headers: Pick<JpegHeaders, 'components' | 'tables'>): IjgQuality | undefined {
  const [luma, ...chroma] = headers.components;
  if (!luma) return undefined;
  const roles: { base: readonly number[]; values: readonly number[] }[] = [];
  for (const [i, c] of [luma, ...chroma].entries()) {
    const table = headers.tables.get(c.table);
    if (!table) return undefined;
    roles.push({ base: i === 0 ? ANNEX_K_LUMINANCE : ANNEX_K_CHROMINANCE, values: table.values });
  }
  const entries = roles.length * 64;
  let best: { quality: number; distance: number } | undefined;
  const exact: number[] = [];
  for (let quality = 1; quality <= 100; quality++) {
    let distance = Infinity;
    for (const forceBaseline of [true, false]) {
      let sum = 0;
      for (const role of roles) {
        const ijg = scaledTable(role.base, quality, forceBaseline);
        for (let k = 0; k < 64; k++) sum += Math.abs(ijg[k] - role.values[k]);
      }
      distance = Math.min(distance, sum / entries);
    }
    if (distance === 0) exact.push(quality);
    if (!best || distance < best.distance) best = { quality, distance };
  }
  return {
    quality: best!.quality,
    exact: exact.length > 0,
    distance: best!.distance,
    compared: roles.length > 1 ? ['luma', 'chroma'] : ['luma'],
    ...(exact.length > 1 ? { alsoExact: exact } : {}),
  };
}
