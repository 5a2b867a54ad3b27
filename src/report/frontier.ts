import type { Direction } from '../metrics/metric.js';
import type { ModelAnalysis } from './analysis.js';
import { bdRate } from './bdrate.js';

/** One tested (setting, level) with its mean bpp and the analysed metric. */
export interface FrontierPoint {
  /** The codec setting ("jpeg", "jpeg@chroma=444", "webp"). */
  readonly codec: string;
  readonly level: number;
  readonly bpp: number;
  /** Mean kbps over the videos at this setting and level (video sweeps, from streams.json); null for images. */
  readonly kbps: number | null;
  readonly value: number;
}

export interface SettingComparison {
  readonly codec: string;
  /** How many of its levels lie on the frontier. */
  readonly onFrontier: number;
  /**
   * BD-rate against the default at equal metric (pchip over log-rate, as the codec comparison):
   * −20 means 20 % fewer bytes for the same accuracy. null for the default itself or when the
   * curves cannot be compared (`reason`).
   */
  readonly bdRatePercent: number | null;
  readonly metricRange: readonly [number, number] | null;
  readonly reason?: string;
}

export interface ModelFrontier {
  readonly task: string;
  readonly model: string;
  readonly metric: string;
  readonly direction: Direction;
  /** The study's default setting the savings are measured against: plain "jpeg" (IJG, 4:2:0) for images, "h264" (x264 medium) for video. */
  readonly default: string | null;
  /** The Pareto frontier, cheapest first: no other tested point has fewer bits and an equal or better metric. */
  readonly points: readonly FrontierPoint[];
  readonly settings: readonly SettingComparison[];
  /** The setting that saves most bytes against the default at equal accuracy; null when nothing beats it or there is no default. */
  readonly best: { readonly codec: string; readonly savedPercent: number } | null;
}

/** Study defaults, in order of preference: the settings the paper's numbers come from. */
const DEFAULTS = ['jpeg', 'h264'];

/**
 * Pareto frontier of metric against bpp: sorted by bpp (ties: better metric first), a point is
 * kept when its metric is strictly better than every cheaper point's.
 */
export function paretoFrontier(points: readonly FrontierPoint[], direction: Direction): FrontierPoint[] {
  const better = (a: number, b: number) => (direction === 'higher' ? a > b : a < b);
  const sorted = [...points].sort((a, b) => a.bpp - b.bpp || (direction === 'higher' ? b.value - a.value : a.value - b.value));
  const out: FrontierPoint[] = [];
  for (const p of sorted) if (out.length === 0 || better(p.value, out[out.length - 1].value)) out.push(p);
  return out;
}

/**
 * The frontier over every codec setting of one model, and what each setting saves against the
 * study default; `kbpsOf` gives video sweeps' mean kbps per (setting, level) (see streamRates).
 */
export function modelFrontier(model: ModelAnalysis, kbpsOf: (codec: string, level: number) => number | null = () => null): ModelFrontier {
  const all: FrontierPoint[] = model.codecs.flatMap((c) =>
    c.levels.flatMap((l) => (l.value === null || l.cell.bpp === null || !(l.cell.bpp > 0) ? [] : [{ codec: c.codec, level: l.level, bpp: l.cell.bpp, kbps: kbpsOf(c.codec, l.level), value: l.value }])),
  );
  const points = paretoFrontier(all, model.direction);
  const settings = model.codecs.map((c) => c.codec);
  const defaultSetting = DEFAULTS.find((d) => settings.includes(d)) ?? null;
  const curve = (codec: string) => all.filter((p) => p.codec === codec).map((p) => ({ bpp: p.bpp, metric: p.value }));
  const comparisons = settings.map((codec): SettingComparison => {
    const onFrontier = points.filter((p) => p.codec === codec).length;
    if (defaultSetting === null || codec === defaultSetting) return { codec, onFrontier, bdRatePercent: null, metricRange: null, ...(defaultSetting === null ? { reason: 'no study default (jpeg, h264) in this sweep' } : {}) };
    const bd = bdRate(curve(defaultSetting), curve(codec));
    return bd.ok ? { codec, onFrontier, bdRatePercent: bd.bdRatePercent, metricRange: bd.metricRange } : { codec, onFrontier, bdRatePercent: null, metricRange: null, reason: bd.reason };
  });
  const ranked = comparisons.filter((c) => c.bdRatePercent !== null && c.bdRatePercent < 0).sort((a, b) => (a.bdRatePercent as number) - (b.bdRatePercent as number));
  return {
    task: model.task,
    model: model.model,
    metric: `${model.column.family}/${model.column.metric}`,
    direction: model.direction,
    default: defaultSetting,
    points,
    settings: comparisons,
    best: ranked[0] ? { codec: ranked[0].codec, savedPercent: -(ranked[0].bdRatePercent as number) } : null,
  };
}

/** One sentence for the report. */
export function describeFrontier(f: ModelFrontier): string {
  const named = [...new Set(f.points.map((p) => p.codec))];
  const head = `${f.model}: ${f.points.length} point${f.points.length === 1 ? '' : 's'} on the frontier, from ${named.join(', ') || 'no setting'}.`;
  if (f.default === null) return `${head} No study default (jpeg, h264) to compare against.`;
  if (f.best === null) return `${head} No setting saves bytes against ${f.default} at equal ${f.metric}.`;
  const range = f.settings.find((s) => s.codec === f.best?.codec)?.metricRange;
  return `${head} ${f.best.codec} saves ${f.best.savedPercent.toFixed(1)} % of the bytes of ${f.default} at equal ${f.metric}${range ? ` (BD-rate over ${range[0].toFixed(3)}–${range[1].toFixed(3)})` : ''}.`;
}
