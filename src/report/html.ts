import type { Analysis, CodecAnalysis, ModelAnalysis } from './analysis.js';
import { describeBudget, type ModelBudget } from './budget.js';
import type { ModelFirstFail } from './first-fail.js';
import { differencesSection } from './differences-html.js';
import type { Differences } from './differences.js';
import { perClassSection } from './per-class-html.js';
import type { ModelPerClass } from './per-class.js';
import { describeFrontier, type ModelFrontier } from './frontier.js';
import type { Chart } from './charts.js';
import { chartScripts, scriptJson } from './interactive.js';
import { escapeHtml as e } from './escape.js';
import type { LoadedResults, LoadedRun } from './load.js';
import type { ReportTable } from './tables.js';
import { describeTolerance } from './threshold.js';
import type { SourceQuality } from './source-quality.js';
import type { Visuals } from './visuals.js';
import { codecVerdict, levelText } from './verdict.js';
import { modelNames } from './model-names.js';

export interface HtmlInput {
  readonly results: LoadedResults;
  readonly analysis: Analysis;
  readonly tables: readonly ReportTable[];
  readonly charts: readonly Chart[];
  readonly visuals: Visuals;
  /** The sources' own compression, from each run's audit (absent in older results). */
  readonly sources?: readonly SourceQuality[];
  /** The budget answer per model (absent: section left out). */
  readonly budgets?: readonly ModelBudget[];
  /** The rate–accuracy frontier per model (absent: section left out). */
  readonly frontiers?: readonly ModelFrontier[];
  /** Per model, the first level at which each sample stops agreeing with pristine (absent: section left out). */
  readonly firstFails?: readonly ModelFirstFail[];
  /** Per model, the metric per class at every level (absent: section left out). */
  readonly perClass?: readonly ModelPerClass[];
  /** Difference views of the most fragile samples (absent: section left out). */
  readonly differences?: Differences;
  /** Rows of samples.csv / samples.parquet beside the report (absent or 0: not written). */
  readonly samples?: number;
  /** When the report was made (ISO 8601). */
  readonly generatedAt: string;
  readonly toolVersion: string;
}

/**
 * No network at all: the Content-Security-Policy forbids every fetch, so the file works
 * offline by construction and an escaped-but-missed string still could not run a script.
 */
const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/**
 * Light and dark palettes as variables (`prefers-color-scheme`), a layout that never makes the page
 * wider than a 390 px phone (tables scroll in their own box, long tokens wrap, image strips wrap
 * into a grid) and a print sheet (no scrollers or shadows, images kept whole on a page).
 */
const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fafafa;--panel:#fff;--line:#d9d9d9;--head:#f0f0f0;--pristine:#eef3ff;
--ok:#1b7f3b;--ok-bg:#e6f4ea;--amber:#8a5a00;--amber-bg:#fff4dc;--bad:#b00020;--bad-bg:#fde7ea;--warn-line:#f0a020}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--muted:#a0a4aa;--bg:#121316;--panel:#1c1d21;--line:#3a3c42;--head:#26282d;--pristine:#1d2a44;
--ok:#6fd08c;--ok-bg:#16301f;--amber:#f2c25b;--amber-bg:#352a10;--bad:#ff7a8a;--bad-bg:#3a1a20}}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","DejaVu Sans",Arial,sans-serif;margin:0;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
main{max-width:1200px;margin:0 auto;padding:24px}
@media (max-width:600px){main{padding:12px}h1{font-size:22px}}
h1{font-size:26px;margin:0 0 4px}h2{margin-top:40px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{margin-bottom:6px}
a{color:inherit}
.muted{color:var(--muted)}.warn{background:var(--amber-bg);border-left:4px solid var(--warn-line);padding:8px 12px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:var(--panel);border:1px solid var(--line);border-left-width:6px;border-radius:6px;padding:10px 14px;flex:1 1 260px;max-width:100%}
.card b.big{font-size:22px;display:block}
.card.ok{border-left-color:var(--ok)}.card.ok b.big{color:var(--ok)}
.card.amber{border-left-color:var(--amber)}.card.amber b.big{color:var(--amber)}
.card.bad{border-left-color:var(--bad)}.card.bad b.big{color:var(--bad)}
table{display:block;max-width:100%;width:max-content;overflow-x:auto;border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums;overflow-wrap:normal}
th,td{border:1px solid var(--line);padding:4px 8px;background:var(--panel)}th{background:var(--head)}td.num{text-align:right;white-space:nowrap}
table.kv{overflow-wrap:anywhere}table.kv td{min-width:8em}
tr.pristine td{background:var(--pristine)}tr.safe td{background:var(--ok-bg);color:var(--ok);font-weight:600}
.charts figure{border:0;padding:0;background:none;margin:6px 0}.charts img,.charts .live svg{max-width:100%;height:auto;background:#fff;border:1px solid var(--line)}
.chart .live{display:none}.chart.interactive .live{display:block;overflow-x:auto}.chart.interactive img.static{display:none}
.strip{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,240px),1fr));gap:8px;padding-bottom:6px}
figure{margin:0;background:var(--panel);border:1px solid var(--line);padding:4px;min-width:0}figure img{display:block;max-width:100%;height:auto}
figcaption{font-size:12px;color:var(--muted)}
img.crop{width:192px;max-width:100%;height:auto;aspect-ratio:1;image-rendering:pixelated}
pre{background:var(--panel);border:1px solid var(--line);padding:8px;overflow:auto;max-height:400px;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
@media print{:root{color-scheme:light;--fg:#000;--muted:#444;--bg:#fff;--panel:#fff}
body{font-size:11pt}main{max-width:none;padding:0}h2{break-after:avoid}
table{display:table;overflow:visible}.chart .live,.chart.interactive .live{display:none}.chart img.static,.chart.interactive img.static{display:block}figure,.card,tr{break-inside:avoid}pre{max-height:none;overflow:visible}details>*{display:block}}
`;

const fmt = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined || Number.isNaN(v) ? '–' : v === Infinity ? '∞' : v.toFixed(digits));

function table(t: ReportTable, name: (id: string) => string): string {
  const head = `<tr>${t.header.map((h) => `<th>${e(h)}</th>`).join('')}</tr>`;
  const rows = t.rows
    .map((r) => {
      const cls = r.safe ? ' class="safe"' : r.pristine ? ' class="pristine"' : '';
      return `<tr${cls}>${r.text.map((v, i) => `<td${t.numeric[i] ? ' class="num"' : ''}>${e(v)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const notes = t.notes.map((n) => `<p class="muted">${e(n)}</p>`).join('');
  return `<h3>${e(t.task)} · ${e(name(t.model))}</h3><table>${head}\n${rows}</table>${notes}`;
}

/**
 * How comfortably the safe level clears the limit: green when its value keeps at least half the
 * tolerance band in hand, amber when it is closer, red when no level is safe (or no verdict).
 */
export function safetyClass(m: ModelAnalysis, c: CodecAnalysis): 'ok' | 'amber' | 'bad' {
  const safe = c.levels.find((l) => l.level === c.threshold.safe);
  if (c.threshold.safe === null || !safe || safe.value === null || m.pristineValue === null) return 'bad';
  const band = Math.abs(m.pristineValue - c.threshold.limit);
  const margin = m.direction === 'lower' ? c.threshold.limit - safe.value : safe.value - c.threshold.limit;
  return band > 0 && margin >= band / 2 ? 'ok' : 'amber';
}

function thresholdText(m: ModelAnalysis, c: CodecAnalysis, name: (id: string) => string): string {
  const cls = safetyClass(m, c);
  const headline = m.pristineValue === null ? 'no verdict' : c.threshold.safe === null ? 'no level is safe' : `safe down to ${levelText(c.codec, c.threshold.safe)}`;
  // The terminal's sentence, less the codec name the card already shows.
  const sentence = m.pristineValue === null
    ? `${m.label} is undefined on the pristine samples, so there is nothing to compare against.`
    : codecVerdict({ ...m, pristineValue: m.pristineValue }, c).replace(/^[^:]*: /, '').replace(`${headline} `, '');
  const safe = c.levels.find((l) => l.level === c.threshold.safe);
  const margin = safe && safe.value !== null && Number.isFinite(c.threshold.limit)
    ? `<div class="muted">${e(`${m.label} ${fmt(safe.value)} at the safe level; limit ${fmt(c.threshold.limit)}`)}</div>`
    : '';
  return `<div class="card ${cls}"><div class="muted">${e(name(m.model))} · ${e(c.codec)}</div><b class="big">${e(headline)}</b><div>${e(sentence)}</div>${margin}</div>`;
}

function codecComparison(m: ModelAnalysis, name: (id: string) => string): string {
  const rows = m.codecs
    .map((c) => {
      const bd = c.codec === m.referenceCodec ? '<td colspan="3">reference</td>' : !c.bd ? '<td colspan="3">–</td>' : c.bd.ok
        ? `<td class="num">${e(`${c.bd.bdRatePercent >= 0 ? '+' : ''}${c.bd.bdRatePercent.toFixed(1)} %`)}</td><td class="num">${e(fmt(c.bd.bdMetric, 4))}</td><td>${e(`${fmt(c.bd.metricRange[0])}–${fmt(c.bd.metricRange[1])}`)}</td>`
        : `<td colspan="3">${e(`unavailable: ${c.bd.reason}`)}</td>`;
      return `<tr><td>${e(c.codec)}</td>${bd}<td class="num">${e(fmt(c.corruption.mPC))}</td><td class="num">${e(fmt(c.corruption.rPC))}</td></tr>`;
    })
    .join('\n');
  return `<h3>${e(m.task)} · ${e(name(m.model))}</h3>
<table><tr><th>codec</th><th>BD-rate vs ${e(m.referenceCodec ?? '–')}</th><th>BD-${e(m.label)}</th><th>${e(m.label)} range compared</th><th>mPC</th><th>rPC</th></tr>
${rows}
<tr><td>all codecs</td><td colspan="3"></td><td class="num">${e(fmt(m.corruption.mPC))}</td><td class="num">${e(fmt(m.corruption.rPC))}</td></tr></table>`;
}

function budgetBlock(b: ModelBudget, name: (id: string) => string): string {
  const status = (c: ModelBudget['codecs'][number]): string =>
    c.status === 'interpolated' ? `between ${c.between?.[0]} and ${c.between?.[1]}` : c.status === 'lowest-tested' ? 'at most (every level safe)' : c.status === 'none' ? 'not reached' : `unavailable: ${c.reason ?? ''}`;
  const kbps = b.codecs.some((c) => c.kbps !== null);
  const rows = b.codecs
    .map((c) => `<tr${c.codec === b.codec ? ' class="safe"' : ''}><td>${e(c.codec)}</td><td class="num">${e(fmt(c.bpp))}</td>${kbps ? `<td class="num">${e(fmt(c.kbps, 0))}</td>` : ''}<td>${e(status(c))}</td></tr>`)
    .join('');
  return `<h3>${e(b.task)} · ${e(name(b.model))}</h3><p>${e(describeBudget(b))}</p>
<table><tr><th>codec setting</th><th>budget (bpp)</th>${kbps ? '<th>kbps</th>' : ''}<th>how</th></tr>${rows}</table>`;
}

function frontierBlock(f: ModelFrontier, name: (id: string) => string): string {
  const kbps = f.points.some((p) => p.kbps !== null);
  const points = f.points.map((p) => `<tr><td>${e(p.codec)}</td><td class="num">${e(p.level)}</td><td class="num">${e(fmt(p.bpp))}</td>${kbps ? `<td class="num">${e(fmt(p.kbps, 0))}</td>` : ''}<td class="num">${e(fmt(p.value))}</td></tr>`).join('');
  const settings = f.settings
    .map((s) => `<tr${s.codec === f.best?.codec ? ' class="safe"' : ''}><td>${e(s.codec)}</td><td class="num">${e(s.onFrontier)}</td><td class="num">${s.codec === f.default ? 'default' : s.bdRatePercent === null ? e(s.reason ?? '–') : e(`${s.bdRatePercent >= 0 ? '+' : ''}${s.bdRatePercent.toFixed(1)} %`)}</td></tr>`)
    .join('');
  return `<h3>${e(f.task)} · ${e(name(f.model))}</h3><p>${e(describeFrontier(f))}</p>
<div class="cards"><table><tr><th>setting</th><th>level</th><th>bpp</th>${kbps ? '<th>kbps</th>' : ''}<th>value</th></tr>${points}</table>
<table><tr><th>setting</th><th>points on frontier</th><th>BD-rate vs ${e(f.default ?? '–')}</th></tr>${settings}</table></div>`;
}

function firstFailBlock(f: ModelFirstFail, name: (id: string) => string): string {
  const rows = f.codecs
    .map((c) => `<tr><td>${e(c.codec)}</td>${c.levels.map((l) => `<td class="num">${e(`${l.level}: ${l.firstFail}`)}</td>`).join('')}<td class="num">${e(c.never)}</td><td>${e(c.fragile.map((s) => s.sample).join(', ') || '–')}</td></tr>`)
    .join('');
  return `<h3>${e(f.task)} · ${e(name(f.model))}</h3><p class="muted">${e(`${f.samples} samples judged by ${f.agreement}${f.unscored ? `; ${f.unscored} without a pristine value left out` : ''}`)}</p>
<table><tr><th>codec setting</th><th colspan="${Math.max(1, ...f.codecs.map((c) => c.levels.length))}">level: samples first failing there</th><th>never</th><th>most fragile (fail at the mildest level)</th></tr>${rows}</table>`;
}

function visuals(v: Visuals, name: (id: string) => string): string {
  const notes = v.notes.map((n) => `<p class="muted">${e(n)}</p>`).join('');
  const samples = v.samples
    .map((s) => {
      const panels = s.panels
        .map(
          (p) => `<figure><img src="${e(p.image)}" alt="${e(`${s.sampleId} at ${p.label}`)}"><figcaption><b>${e(p.label)}</b>${p.bpp === null ? '' : ` · ${e(fmt(p.bpp))} bpp · ${e(fmt(p.psnr, 2))} dB`}${p.summary === null ? '' : `<br>${e(p.summary)}`}${p.note ? `<br><i>${e(p.note)}</i>` : ''}</figcaption></figure>`,
        )
        .join('');
      const crops = s.panels.map((p) => `<figure><img class="crop" src="${e(p.crop)}" alt="${e(`crop at ${p.label}`)}"><figcaption>${e(p.label)}</figcaption></figure>`).join('');
      return `<h3>${e(s.sampleId)}</h3><p class="muted">${e(name(s.model))} · ${e(s.why)}</p><div class="strip">${panels}</div>
<p class="muted">Enlarged ${s.crop.size}×${s.crop.size} px crop at (${s.crop.x}, ${s.crop.y}), where the most compressed level differs most from pristine (nearest-neighbour, 2×):</p><div class="strip">${crops}</div>`;
    })
    .join('\n');
  return notes + samples;
}

/** Memory as people say it: "23.4 GiB". */
export const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

function provenance(run: LoadedRun): string {
  const p = run.provenance;
  const kv = (pairs: [string, unknown][]) => `<table class="kv">${pairs.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(typeof v === 'string' ? v : JSON.stringify(v))}</td></tr>`).join('')}</table>`;
  const models = (p.models ?? []).map((m) => kv([['model', m.id], ['hash', m.hash], ...Object.entries(m.provenance ?? {})])).join('');
  const codecs = Object.entries(p.codecs ?? {}).map(([id, versions]) => [id, Object.entries(versions).map(([lib, v]) => `${lib} ${v}`).join(', ')] as [string, unknown]);
  return `<h3>run ${e(run.id)}</h3>
${kv([['tool', `${p.tool?.name ?? 'lossyvision'} ${p.tool?.version ?? '?'}`], ['date', p.date ?? run.createdAt], ['ground truth', run.groundTruth], ['samples', run.samples], ['decoder', p.decoder ?? '?']])}
<h4>codecs</h4>${kv(codecs)}
<h4>models</h4>${models}
<h4>dataset</h4>${kv(Object.entries(p.dataset ?? {}))}
<h4>machine</h4>${kv(Object.entries(p.machine ?? {}).map(([k, v]) => (k === 'memoryBytes' && typeof v === 'number' ? ['memory', gib(v)] : [k, v])))}
<details><summary>full configuration</summary><pre>${e(JSON.stringify(p.config ?? {}, null, 2))}</pre></details>`;
}

/** One self-contained page: styles inline, images as data: URIs, charts live through inlined scripts allowed by hash, no network. */
export function reportHtml(input: HtmlInput): string {
  const { results, analysis } = input;
  const references = [...new Set(results.runs.map((r) => r.groundTruth).filter((g) => g !== 'dataset labels'))];
  const name = modelNames(results.runs);
  const summary = analysis.models.map((m) => m.codecs.map((c) => thresholdText(m, c, name)).join('')).join('');
  const ciNotes = [...new Set(analysis.models.map((m) => m.ciNote))];
  const failures = results.failures.slice(0, 100);
  // The static SVG shows at once (and in print, and without scripts); the live view replaces it on screen.
  const chartFigures = input.charts
    .map((c, i) => `<figure class="chart" id="chart-${i}" data-spec="chart-spec-${i}"><img class="static" src="data:image/svg+xml;base64,${Buffer.from(c.svg).toString('base64')}" alt="${e(c.title)}"><div class="live"></div></figure>
<script type="application/json" id="chart-spec-${i}">${scriptJson(c.vega)}</script>`)
    .join('\n');
  const scripts = input.charts.length ? chartScripts() : undefined;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${scripts ? `${CSP}; script-src ${scripts.hashes.join(' ')}` : CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lossyvision report</title>
<style>${STYLE}</style></head>
<body><main>
<h1>lossyvision report</h1>
<p class="muted">${e(results.dir)} · generated ${e(input.generatedAt)} by lossyvision ${e(input.toolVersion)} · ${results.runs.length} run${results.runs.length === 1 ? '' : 's'}</p>
${[...new Set((input.sources ?? []).flatMap((s) => s.warnings))].map((w) => `<p class="warn">Source: ${e(w)}</p>`).join('')}
${references.map((r) => `<p class="warn">Ground truth: ${e(r)} — scores measure agreement with the model's own pristine predictions, not accuracy against human labels.</p>`).join('')}
<h2>Safe threshold</h2>
<p>The most compressed level whose ${e(analysis.models[0]?.label ?? 'metric')} stays ${e(describeTolerance(analysis.tolerance))}, with every milder level safe too. ${ciNotes.map(e).join(' ')}</p>
<div class="cards">${summary || '<p>No compressed levels.</p>'}</div>
${input.budgets?.length ? `<h2>Bit budget</h2>
<p class="muted">The smallest mean bits per pixel at which ${e(analysis.models[0]?.label ?? 'the metric')} stays ${e(describeTolerance(analysis.tolerance))} with ${e(Math.round((input.budgets[0].confidence) * 100))} % confidence: per level, the one-sided lower bound of (value − tolerance limit) over paired bootstrap resamples (pristine and the level on the same samples); the budget is where that bound first crosses 0, interpolated in log bpp between the bracketing levels.</p>
${input.budgets.map((b) => budgetBlock(b, name)).join('\n')}` : ''}
<h2>Results</h2>
${input.samples ? `<p class="muted">Per sample (to sort and filter): <code>samples.csv</code> and <code>samples.parquet</code> beside this file, ${input.samples} rows — sample, model, codec, level, its own ${e(analysis.models[0]?.label ?? 'metric')}, bpp, PSNR, SSIM and the number of predictions.</p>` : ''}
${input.tables.map((t) => table(t, name)).join('\n')}
<h2>Curves</h2>
${input.charts.length ? '<p class="muted">Hover a point for its numbers (value, 95 % CI of the change, bpp, PSNR); click a legend entry to pick a series (shift-click: several; click empty space to show all).</p>' : ''}
<div class="charts">${chartFigures}</div>
<h2>Codec comparison</h2>
<p class="muted">BD-rate: average bit-rate difference at equal ${e(analysis.models[0]?.label ?? 'metric')} against the reference codec (log-rate interpolated over the metric with piecewise cubic Hermite (pchip) curves, integrated over the range both cover; negative = fewer bits). mPC: mean ${e(analysis.models[0]?.label ?? 'metric')} over the levels; rPC = mPC / pristine (Michaelis et al. 2019).</p>
${analysis.models.map((m) => codecComparison(m, name)).join('\n')}
${input.frontiers?.length ? `<h2>Rate–accuracy frontier</h2>
<p class="muted">Over every codec and setting swept: the points no other point beats with fewer bits, and what each setting saves against the study's default (plain jpeg, IJG tables at 4:2:0; h264, x264 medium) at equal ${e(analysis.models[0]?.label ?? 'metric')} (BD-rate, negative = fewer bytes).</p>
${input.frontiers.map((f) => frontierBlock(f, name)).join('\n')}` : ''}
${input.firstFails?.length ? `<h2>First failing level</h2>
<p class="muted">For every sample, the first level (least to most compressed) at which its prediction no longer agrees with pristine, judged on that sample alone by the task's own test: box match at IoU ≥ 0.5 (AP50), person at OKS ≥ 0.5, pixel agreement, δ₁, top-1. In reference mode the ground truth is the pristine prediction, so this is agreement with pristine exactly.</p>
${input.firstFails.map((f) => firstFailBlock(f, name)).join('\n')}` : ''}
${perClassSection(input.perClass ?? [], describeTolerance(analysis.tolerance), name)}
${input.differences ? differencesSection(input.differences, name) : ''}
<h2>Visual evidence</h2>
${visuals(input.visuals, name)}
<h2>Failures</h2>
${failures.length === 0 ? '<p>None.</p>' : `<table><tr><th>sample</th><th>model</th><th>codec</th><th>level</th><th>reason</th></tr>${failures.map((f) => `<tr><td>${e(f.sample)}</td><td>${e(f.model ?? 'all')}</td><td>${e(f.codec ?? 'all')}</td><td>${e(f.level ?? '–')}</td><td>${e(f.reason)}</td></tr>`).join('')}</table>${results.failures.length > failures.length ? `<p class="muted">${results.failures.length - failures.length} more in failures.csv</p>` : ''}`}
<h2>Provenance</h2>
${results.runs.map(provenance).join('\n')}
</main>${scripts ? `<script>${scripts.runtime}</script><script>${scripts.boot}</script>` : ''}</body></html>
`;
}
