import type { JpegComponent } from './jpeg-markers.js';

/** Luma : chroma sampling ratio → the J:a:b name people use. */
const NAMES: ReadonlyMap<string, string> = new Map([
  ['1x1', '4:4:4'],
  ['2x1', '4:2:2'],
  ['2x2', '4:2:0'],
  ['1x2', '4:4:0'],
  ['4x1', '4:1:1'],
  ['4x2', '4:1:0'],
]);

/**
 * Chroma subsampling from the frame's sampling factors: "4:2:0", "4:4:4", …, "greyscale" for a
 * single component, or "HxV" (luma over chroma) for ratios without a common name. Assumes the
 * first component is luma (or the reference plane of RGB/CMYK) and the chroma planes share one
 * factor; otherwise lists every component's factors.
 */
export function chromaSubsampling(components: readonly JpegComponent[]): string {
  if (components.length === 1) return 'greyscale';
  const [luma, ...chroma] = components;
  if (chroma.some((c) => c.h !== chroma[0].h || c.v !== chroma[0].v) || luma.h % chroma[0].h !== 0 || luma.v % chroma[0].v !== 0) {
    return components.map((c) => `${c.h}x${c.v}`).join(',');
  }
  const ratio = `${luma.h / chroma[0].h}x${luma.v / chroma[0].v}`;
  return NAMES.get(ratio) ?? ratio;
}
