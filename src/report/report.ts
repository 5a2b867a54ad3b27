import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { registerTempFileArea, removeStaleTempFiles } from '../temp-files.js';
import { writeFileAtomic } from '../files.js';
import { infinityReplacer } from '../json.js';
import { writeFiftyOne, type FiftyOneExport } from './fiftyone.js';
import { toolVersion } from '../version.js';
import { analyse, type Analysis, type AnalysisOptions } from './analysis.js';
import { modelBudget, type ModelBudget } from './budget.js';
import { modelFirstFail, type ModelFirstFail } from './first-fail.js';
import { modelFrontier, type ModelFrontier } from './frontier.js';
import { modelPerClass, type ModelPerClass } from './per-class.js';
import { buildDifferences } from './differences.js';
import { renderCharts } from './charts.js';
import { reportHtml } from './html.js';
import { loadResults } from './load.js';
import { sourceQuality, type SourceQuality } from './source-quality.js';
import { streamRates } from './stream-rates.js';
import { studyTable, tableCsv, tableMarkdown } from './tables.js';
import { describeTolerance, validateTolerance } from './threshold.js';
import { buildVisuals, type VisualOptions } from './visuals.js';
import { sampleRows, writeSampleTable } from './samples.js';
import { verdictLines } from './verdict.js';

export interface ReportOptions extends AnalysisOptions {
  /** Where the files go; default <results>/report. */
  outDir?: string;
  visuals?: VisualOptions;
  /** Fixed "generated at" stamp, for reproducible files. */
  generatedAt?: string;
  /** Before each stage of the report: its name and how many stages are done, for a progress line with an ETA. */
  onProgress?: (p: ReportProgress) => void;
  /** Also write `<out>/fiftyone`, a FiftyOne dataset of this many samples at every condition (fiftyone.ts). */
  fiftyone?: { samples: number };
}

export interface ReportProgress {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}

export interface ReportFiles {
  readonly html: string;
  readonly markdown: string;
  readonly csv: readonly string[];
  readonly charts: readonly { svg: string; png: string }[];
  readonly analysis: string;
  /** Every sample × cell with its own score, bpp, PSNR, SSIM and prediction count (empty for results older than the table). */
  readonly samples: { readonly csv: string; readonly parquet: string; readonly rows: number };
  /** The FiftyOne dataset, when asked for. */
  readonly fiftyone?: FiftyOneExport;
  /** Size of the HTML file. */
  readonly htmlBytes: number;
  /** The answer in plain lines for a terminal (see verdict.ts). */
  readonly verdict: readonly string[];
}

/** Per model a file-name-safe stem: "detection-zoo-centernet". */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'model';
}

/** Turns a results folder into the report: one offline HTML file, tables as Markdown and CSV, charts as SVG and PNG. */
export async function writeReport(resultsDir: string, options: ReportOptions = {}): Promise<ReportFiles> {
  if (options.tolerance) validateTolerance(options.tolerance);
  const started = performance.now();
  const stages = ['reading the results', 'bootstrap intervals', 'visual evidence', 'charts', 'fragile samples', 'per-sample table', 'writing the page', ...(options.fiftyone ? ['FiftyOne dataset'] : [])];
  let done = 0;
  const stage = (name: string): void => options.onProgress?.({ stage: name, done: done++, total: stages.length, elapsedMs: performance.now() - started });
  stage(stages[0]);
  const results = await loadResults(resultsDir);
  stage(stages[1]);
  const analysis = await analyse(results, options);
  const outDir = options.outDir ?? join(resultsDir, 'report');
  await mkdir(outDir, { recursive: true });
  // Temporary files of a report that was killed go first.
  await removeStaleTempFiles(outDir);
  registerTempFileArea(outDir);

  const notesOf = (task: string, runId: string): string[] => {
    const run = results.runs.find((r) => r.id === runId);
    return [
      ...(run && run.groundTruth !== 'dataset labels' ? [run.groundTruth] : []),
      `safe: most compressed level ${describeTolerance(analysis.tolerance)} on ${analysis.models.find((m) => m.task === task)?.label ?? 'the metric'}`,
    ];
  };
  const kbpsOf = await streamRates(resultsDir, [...new Set(results.cells.map((c) => c.codec))]);
  const tables = analysis.models.map((m) => studyTable(m, results.columns, notesOf(m.task, m.runId), kbpsOf));
  stage(stages[2]);
  const visuals = await buildVisuals(results, analysis, options.visuals);
  stage(stages[3]);
  const sources = sourceQuality(results);
  const budgets = analysis.models.map((m) => modelBudget(m, analysis.tolerance, kbpsOf));
  const frontiers = analysis.models.map((m) => modelFrontier(m, kbpsOf));
  const sourceJpeg = sources.map((q) => q.jpegQuality).find((q) => q !== null) ?? null;
  const charts = await renderCharts(analysis, { sourceQuality: sourceJpeg, frontier: frontiers[0]?.points });
  stage(stages[4]);
  const firstFails: ModelFirstFail[] = [];
  for (const m of analysis.models) {
    const f = await modelFirstFail(results, m);
    if (f) firstFails.push(f);
  }
  const perClass: ModelPerClass[] = [];
  for (const m of analysis.models) {
    const p = await modelPerClass(results, m, analysis.tolerance);
    if (p) perClass.push(p);
  }
  // Pictures of the fragile samples; none when the caller asked for no visual examples.
  const differences = await buildDifferences(results, analysis, firstFails, options.visuals?.samples === 0 ? { samples: 0 } : {});
  stage(stages[5]);
  const samples = await sampleRows(results, analysis);
  const samplesFiles = { csv: join(outDir, 'samples.csv'), parquet: join(outDir, 'samples.parquet'), rows: samples.length };
  await writeSampleTable(samples, samplesFiles.csv, samplesFiles.parquet);
  stage(stages[6]);
  const html = reportHtml({ results, analysis, tables, charts, visuals, sources, budgets, frontiers, firstFails, perClass, differences, samples: samples.length, generatedAt: options.generatedAt ?? new Date().toISOString(), toolVersion: toolVersion() });

  const files = {
    html: join(outDir, 'report.html'),
    markdown: join(outDir, 'tables.md'),
    analysis: join(outDir, 'analysis.json'),
    csv: [] as string[],
    charts: [] as { svg: string; png: string }[],
  };
  await writeFileAtomic(files.html, html);
  await writeFileAtomic(files.markdown, tables.map(tableMarkdown).join('\n'));
  for (const t of tables) {
    const path = join(outDir, `table-${slug(`${t.task}-${t.model}`)}.csv`);
    await writeFileAtomic(path, tableCsv(t));
    files.csv.push(path);
  }
  for (const c of charts) {
    const paths = { svg: join(outDir, `${c.id}.svg`), png: join(outDir, `${c.id}.png`) };
    await writeFileAtomic(paths.svg, c.svg);
    await writeFileAtomic(paths.png, c.png);
    files.charts.push(paths);
  }
  await writeFileAtomic(files.analysis, `${JSON.stringify(analysisJson(analysis, sources, budgets, frontiers, firstFails, perClass), infinityReplacer, 2)}\n`);
  if (options.fiftyone) stage(stages[7]);
  const fiftyone = options.fiftyone ? await writeFiftyOne(results, analysis, samples, join(outDir, 'fiftyone'), options.fiftyone.samples) : undefined;
  return { ...files, samples: samplesFiles, ...(fiftyone ? { fiftyone } : {}), htmlBytes: Buffer.byteLength(html), verdict: verdictLines(analysis, results.runs) };
}

/** The decisions in machine-readable form: thresholds, intervals, BD-rates, mPC/rPC (no cell copies). */
function analysisJson(
  analysis: Analysis,
  sources: readonly SourceQuality[],
  budgets: readonly ModelBudget[],
  frontiers: readonly ModelFrontier[],
  firstFails: readonly ModelFirstFail[],
  perClass: readonly ModelPerClass[],
): unknown {
  return {
    tolerance: analysis.tolerance,
    budget: budgets,
    frontier: frontiers,
    firstFail: firstFails,
    perClass,
    source: sources.map((s) => ({ runId: s.runId, jpegQuality: s.jpegQuality, levelsAboveSource: s.levelsAboveSource, warnings: s.warnings, audit: s.audit })),
    models: analysis.models.map((m) => ({
      task: m.task,
      model: m.model,
      metric: `${m.column.family}/${m.column.metric}`,
      direction: m.direction,
      pristine: m.pristineValue,
      referenceCodec: m.referenceCodec,
      mPC: m.corruption.mPC,
      rPC: m.corruption.rPC,
      ci: m.ciNote,
      retrained: m.retrained?.model,
      codecs: m.codecs.map((c) => ({
        codec: c.codec,
        safe: c.threshold.safe,
        limit: c.threshold.limit,
        safeInterval: c.thresholdInterval,
        levels: c.levels.map((l) => ({ level: l.level, value: l.value, change: l.change, changeInterval: l.changeInterval, withinTolerance: l.withinTolerance, bpp: l.cell.bpp })),
        bd: c.bd,
        mPC: c.corruption.mPC,
        rPC: c.corruption.rPC,
      })),
    })),
  };
}
