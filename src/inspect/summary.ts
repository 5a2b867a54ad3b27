import type { FileInspection } from './inspect.js';

/** A range of values and its median (lower middle for an even count). */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** What a set of files already lost, in numbers: the dataset-level answer of `inspect`. */
export interface InspectionSummary {
  readonly files: number;
  readonly bytes: number;
  readonly unreadable: number;
  /** Files per format (jpeg, png, avi container codecs are under `video`). */
  readonly formats: Readonly<Record<string, number>>;
  readonly lossy: number;
  readonly lossless: number;
  /** Lossy or lossless cannot be told from the headers (AVIF, HEIF). */
  readonly unknownLossiness: number;
  readonly subsampling: Readonly<Record<string, number>>;
  readonly width: Spread | null;
  readonly height: Spread | null;
  /** JPEGs' IJG quality: the spread, how many match IJG's tables exactly, and the count per quality. */
  readonly jpegQuality: (Spread & { readonly files: number; readonly exact: number; readonly counts: Readonly<Record<string, number>> }) | null;
  readonly video: { readonly codecs: Readonly<Record<string, number>>; readonly bitrateKbps: Spread | null; readonly gopMeanInterval: Spread | null } | null;
}

export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
}

function count(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

export function summarise(files: readonly FileInspection[]): InspectionSummary {
  const images = files.flatMap((f) => (f.image ? [f.image] : []));
  const videos = files.flatMap((f) => (f.video ? [f.video] : []));
  const lossiness = [...images.map((i) => i.lossy), ...videos.map((v) => v.lossy)];
  const qualities = images.flatMap((i) => (i.jpeg?.quality ? [i.jpeg.quality] : []));
  const q = spread(qualities.map((x) => x.quality));
  return {
    files: files.length,
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    unreadable: files.filter((f) => f.error !== undefined).length,
    formats: count([...images.map((i) => i.format), ...videos.map((v) => v.container)]),
    lossy: lossiness.filter((l) => l === true).length,
    lossless: lossiness.filter((l) => l === false).length,
    unknownLossiness: lossiness.filter((l) => l === null).length,
    subsampling: count(images.flatMap((i) => (i.subsampling ? [i.subsampling] : []))),
    width: spread([...images.flatMap((i) => (i.width === null ? [] : [i.width])), ...videos.map((v) => v.width)]),
    height: spread([...images.flatMap((i) => (i.height === null ? [] : [i.height])), ...videos.map((v) => v.height)]),
    jpegQuality: q && {
      ...q,
      files: qualities.length,
      exact: qualities.filter((x) => x.exact).length,
      counts: count(qualities.map((x) => String(x.quality))),
    },
    video:
      videos.length === 0
        ? null
        : {
            codecs: count(videos.map((v) => v.codec)),
            bitrateKbps: spread(videos.flatMap((v) => (v.bitrateKbps === null ? [] : [v.bitrateKbps]))),
            gopMeanInterval: spread(videos.flatMap((v) => (v.gop?.meanInterval == null ? [] : [v.gop.meanInterval]))),
          },
  };
}
