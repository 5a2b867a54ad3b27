import sharp from 'sharp';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { levelScale } from '../codecs/levels.js';
import type { Analysis } from './analysis.js';

/** One rendered chart: the vector form for papers and the browser, the raster for slides. */
export interface Chart {
  /** File-name stem, e.g. "metric-vs-level". */
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  readonly png: Buffer;
  /** The compiled Vega spec, for the report's live (tooltips, legend toggles) rendering. */
  readonly vega: object;
}

/** Fonts librsvg (PNG) and browsers both have: DejaVu/Liberation on Debian, Arial/Helvetica elsewhere. */
const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';

interface Point {
  series: string;
  model: string;
  codec: string;
  level: number;
  bpp: number | null;
  value: number | null;
  psnr: number | null;
  /** Bootstrap interval of the change from pristine, as text ("−0.052 … −0.010"); "–" without per-sample states. */
  ci: string;
  /** The level's scale ("quality", "crf", "kbit/s"): codecs on different scales never share a level axis. */
  scale: string;
  safe: boolean;
}

const SCALE_TITLES: Record<string, string> = {
  quality: 'quality (JPEG/WebP/AVIF; lower = more compressed)',
  crf: 'CRF (H.264/H.265/VP9/AV1; higher = more compressed)',
  qp: 'QP (higher = more compressed)',
  'kbit/s': 'bitrate, kbit/s (lower = more compressed)',
  compression: 'PNG compression level (lossless)',
};

function points(analysis: Analysis): Point[] {
  return analysis.models.flatMap((m) =>
    m.codecs.flatMap((c) =>
      c.levels.map((l) => ({
        series: `${m.model} · ${c.codec}`,
        model: m.model,
        codec: c.codec,
        level: l.level,
        bpp: l.cell.bpp,
        value: l.value,
        psnr: l.cell.psnr !== null && Number.isFinite(l.cell.psnr) ? l.cell.psnr : null,
        ci: l.changeInterval ? `${l.changeInterval[0].toFixed(3)} … ${l.changeInterval[1].toFixed(3)}` : '–',
        scale: levelScale(c.codec),
        safe: c.threshold.safe === l.level,
      })),
    ),
  );
}

/** Extra marks drawn when the report has them. */
export interface ChartExtras {
  /** The sources' own (median) IJG quality: a vertical line on metric vs level, where JPEG levels above it only re-compress. */
  readonly sourceQuality?: number | null;
  /** The first model's rate–accuracy frontier, cheapest first: a black line on metric vs bpp. */
  readonly frontier?: readonly { readonly bpp: number; readonly value: number }[];
}

/** Vega-Lite specs of the report's charts: metric vs level, metric vs bpp (rate–accuracy), PSNR vs bpp. */
export function chartSpecs(analysis: Analysis, extras: ChartExtras = {}): { id: string; title: string; spec: TopLevelSpec }[] {
  const first = analysis.models[0];
  if (!first) return [];
  const metric = `${first.label}${first.direction === 'lower' ? ' (lower is better)' : ''}`;
  const data = points(analysis);
  const baselines = analysis.models
    .filter((m) => m.pristineValue !== null)
    .map((m) => ({ model: m.model, pristine: m.pristineValue, limit: m.codecs[0]?.threshold.limit ?? null }));
  const base = { width: 520, height: 300, config: { font: FONT, view: { stroke: null }, legend: { labelLimit: 400 } } } as const;
  const series = { field: 'series', type: 'nominal', title: 'model · codec' } as const;
  const y = { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } } as const;
  const safeLayer = (x: object) => ({
    data: { values: data.filter((p) => p.safe) },
    mark: { type: 'point', shape: 'diamond', size: 160, filled: false, strokeWidth: 2.5, color: '#d62728' },
    encoding: { x, y, tooltip: [{ field: 'series', title: 'safe threshold of' }, { field: 'level' }, { field: 'value', title: first.label, format: '.3f' }, { field: 'ci', title: 'change, 95 % CI' }, { field: 'bpp', format: '.3f' }] },
  });
  const limitLayers = [
    { data: { values: baselines }, mark: { type: 'rule', strokeDash: [2, 2], color: '#555' }, encoding: { y: { field: 'pristine', type: 'quantitative' } } },
    { data: { values: baselines.filter((b) => b.limit !== null) }, mark: { type: 'rule', strokeDash: [6, 3], color: '#d62728' }, encoding: { y: { field: 'limit', type: 'quantitative' } } },
  ];
  const bppX = { field: 'bpp', type: 'quantitative', title: 'bits per pixel (log scale)', scale: { type: 'log' } } as const;
  const tolerance = `safe threshold ◆ ; tolerance limit: red dashes; pristine: grey dots`;
  // Hover: the point's numbers; click a legend entry (shift-click: several) to pick series, the rest fade.
  const tooltip = [
    { field: 'series', title: 'model · codec' },
    { field: 'level' },
    { field: 'value', title: first.label, format: '.3f' },
    { field: 'ci', title: 'change, 95 % CI' },
    { field: 'bpp', format: '.3f' },
    { field: 'psnr', title: 'PSNR (dB)', format: '.2f' },
  ];
  const lines = (x: object, filter: (p: Point) => boolean) => ({
    data: { values: data.filter(filter) },
    params: [{ name: 'pick', select: { type: 'point', fields: ['series'] }, bind: 'legend' }],
    mark: { type: 'line', point: true },
    encoding: { x, y, color: series, opacity: { condition: { param: 'pick', value: 1 }, value: 0.15 }, tooltip },
  });
  const source = typeof extras.sourceQuality === 'number' ? extras.sourceQuality : null;
  const sourceLayers =
    source === null ? [] : [{ data: { values: [{ level: source }] }, mark: { type: 'rule', strokeDash: [1, 3], strokeWidth: 2, color: '#2ca02c' }, encoding: { x: { field: 'level', type: 'quantitative' } } }];
  const frontier = extras.frontier ?? [];
  const frontierLayers = frontier.length < 2 ? [] : [{ data: { values: frontier }, mark: { type: 'line', color: '#000', strokeWidth: 1, interpolate: 'step-after' }, encoding: { x: bppX, y } }];
  // One level chart per level scale: quality 50 and CRF 50 are not the same place on an axis.
  const scales = [...new Set(data.map((p) => p.scale))];
  const levelCharts = scales.map((scale) => {
    const levelX = { field: 'level', type: 'quantitative', title: SCALE_TITLES[scale] ?? scale } as const;
    const onScale = (p: Point) => p.scale === scale;
    const sources = scale === 'quality' ? sourceLayers : [];
    const subtitle = sources.length ? `${tolerance}; sources' own JPEG quality (${source}): green dots` : tolerance;
    const name = scales.length === 1 ? 'codec level' : scale;
    return {
      id: scales.length === 1 ? 'metric-vs-level' : `metric-vs-${scale === 'kbit/s' ? 'kbps' : scale}`,
      title: `${metric} vs ${name}`,
      spec: {
        ...base,
        title: { text: `${metric} vs ${name}`, subtitle },
        layer: [lines(levelX, onScale), ...limitLayers, ...sources, { ...safeLayer(levelX), data: { values: data.filter((p) => p.safe && onScale(p)) } }],
      } as TopLevelSpec,
    };
  });
  const specs: { id: string; title: string; spec: TopLevelSpec }[] = [
    ...levelCharts,
    {
      id: 'metric-vs-bpp',
      title: `${metric} vs bits per pixel`,
      spec: {
        ...base,
        title: { text: `${metric} vs bits per pixel (rate–accuracy)`, subtitle: frontierLayers.length ? `${tolerance}; frontier of ${first.model}: black steps` : tolerance },
        layer: [lines(bppX, (p) => p.bpp !== null && p.bpp > 0), ...limitLayers, ...frontierLayers, safeLayer(bppX)],
      } as TopLevelSpec,
    },
  ];
  const psnr = data.filter((p) => p.model === first.model && p.psnr !== null && p.bpp !== null && p.bpp > 0);
  if (psnr.length > 0) {
    specs.push({
      id: 'psnr-vs-bpp',
      title: 'PSNR vs bits per pixel',
      spec: {
        ...base,
        title: 'PSNR vs bits per pixel (RGB, 8-bit peak)',
        data: { values: psnr },
        mark: { type: 'line', point: true },
        encoding: {
          x: bppX,
          y: { field: 'psnr', type: 'quantitative', title: 'PSNR (dB)', scale: { zero: false } },
          color: { field: 'codec', type: 'nominal', title: 'codec' },
          tooltip: [{ field: 'codec' }, { field: 'level' }, { field: 'bpp', format: '.3f' }, { field: 'psnr', format: '.2f' }],
        },
      } as TopLevelSpec,
    });
  }
  return specs;
}

/** Renders a Vega-Lite spec to SVG in Node (no browser, no canvas: Vega estimates text widths). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  return renderVegaSvg(compile(spec).spec);
}

async function renderVegaSvg(spec: object): Promise<string> {
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG → PNG through librsvg (inside sharp's libvips); 2× density for print. */
export function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 144 }).png({ compressionLevel: 9 }).toBuffer();
}

export async function renderCharts(analysis: Analysis, extras: ChartExtras = {}): Promise<Chart[]> {
  const charts: Chart[] = [];
  for (const { id, title, spec } of chartSpecs(analysis, extras)) {
    const vega = compile(spec).spec;
    const svg = await renderVegaSvg(vega);
    charts.push({ id, title, svg, png: await svgToPng(svg), vega });
  }
  return charts;
}
