import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { analyse } from '../report/analysis.js';
import { escapeHtml } from '../report/escape.js';
import { loadResults } from '../report/load.js';
import { writeReport } from '../report/report.js';
import { GAP_IN_NOISE } from '../report/retrained.js';
import { describeTolerance, DEFAULT_TOLERANCE } from '../report/threshold.js';
import type { RetrainStudyResult } from '../retrain/study.js';
import type { PlannedExperiment } from './plan.js';
import { studyProvenance } from './run.js';
import type { Study } from './schema.js';
import { readState } from './state.js';
import { studySummary, type ExperimentAnalysis, type StudySummary } from './summary.js';
import { comparisonTables, paperFindings, type Verdict } from './findings.js';
import { PAPER_PUBLISHED } from './presets/paper-published.js';

export interface StudyReportFiles {
  readonly html: string;
  readonly summary: string;
  /** Each finished experiment's own report, as `lossyvision report` writes it. */
  readonly experiments: readonly { readonly name: string; readonly html: string }[];
  /** Experiments of the plan not finished yet, so not in the report. */
  readonly missing: readonly string[];
}

/**
 * `<out>/report.html`: the study's front page (loss per level across tasks, safe levels,
 * retraining recovery, architectures ranked by resilience) over every finished experiment, each
 * of which gets its own `lossyvision report` in `<results>/report/`, linked from the front page.
 * `summary.json` holds the front page's numbers.
 */
export async function writeStudyReport(study: Study, plan: readonly PlannedExperiment[], out: string, options: { generatedAt?: string } = {}): Promise<StudyReportFiles> {
  const stamp = studyProvenance(study);
  const state = await readState(out, { source: study.source, sha256: stamp.sha256 });
  const finished = plan.filter((p) => state.experiments[p.experiment.name]?.identity === p.identity);
  const analysed: ExperimentAnalysis[] = [];
  const reports: { name: string; html: string }[] = [];
  for (const p of finished) {
    const files = await writeReport(p.resultsDir, { generatedAt: options.generatedAt });
    reports.push({ name: p.experiment.name, html: files.html });
    const analysis = await analyse(await loadResults(p.resultsDir));
    analysed.push({ name: p.experiment.name, analysis, ...(p.kind === 'retrain' ? { retrain: await readRetrain(join(p.dir, 'results.json')) } : {}) });
  }
  const summary = studySummary(analysed);
  const missing = plan.filter((p) => !finished.includes(p)).map((p) => p.experiment.name);
  const html = join(out, 'report.html');
  const summaryFile = join(out, 'summary.json');
  await writeFileAtomic(summaryFile, `${JSON.stringify({ study: { source: stamp.source, sha256: stamp.sha256 }, ...summary, ...(study.published === 'paper' ? { findings: paperFindings(summary) } : {}) }, null, 2)}\n`);
  const links = reports.map((r) => ({ name: r.name, href: relative(out, r.html) }));
  await writeFileAtomic(html, studyHtml(study, summary, links, missing, options.generatedAt ?? new Date().toISOString()));
  return { html, summary: summaryFile, experiments: reports, missing };
}

async function readRetrain(file: string): Promise<RetrainStudyResult> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RetrainStudyResult;
  } catch (error) {
    throw new LossyvisionError('INVALID_FILE', 'Expected the retraining results lossyvision writes; run the study again', { file }, { cause: error });
  }
}

const num = (v: number | null, digits = 3): string => (v === null ? '—' : v.toFixed(digits));
const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const cells = (tag: 'td' | 'th', values: readonly string[]): string => values.map((v) => `<${tag}>${escapeHtml(v)}</${tag}>`).join('');
const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  `<table><thead><tr>${cells('th', header)}</tr></thead><tbody>${rows.map((r) => `<tr>${cells('td', r)}</tr>`).join('')}</tbody></table>`;

function studyHtml(study: Study, s: StudySummary, links: readonly { name: string; href: string }[], missing: readonly string[], generatedAt: string): string {
  const stamp = studyProvenance(study);
  const codecs = [...new Set(s.loss.flatMap((r) => Object.keys(r.safe)))];
  const sections = [
    `<h2>How much each task loses at each level</h2><p>Each row's headline metric as a fraction of its own pristine value (1 = as good as pristine, lower = worse; for a lower-is-better metric such as AbsRel, pristine ÷ value), so tasks with different metrics compare.</p>`,
    table(['experiment', 'task', 'model', 'metric', 'pristine', ...s.levels], s.loss.map((r) => [r.experiment, r.task, r.model, r.metric, num(r.pristine, 4), ...s.levels.map((l) => (l in r.fractions ? num(r.fractions[l]) : ''))])),
    `<h2>Safe level per task</h2><p>The most compressed level ${escapeHtml(describeTolerance(DEFAULT_TOLERANCE))} on the headline metric, walking from the mildest level ("none": not even the mildest).</p>`,
    table(['experiment', 'task', 'model', ...codecs], s.loss.map((r) => [r.experiment, r.task, r.model, ...codecs.map((c) => (c in r.safe ? (r.safe[c] === null ? 'none' : String(r.safe[c])) : ''))])),
    `<h2>How much retraining recovers</h2>`,
    s.recovery.length === 0
      ? '<p>No experiment of this study retrains.</p>'
      : `<p>From each retraining protocol's results.json: gain = (retrained − compressed) / compressed; gap closed = (retrained − compressed) / (pristine − compressed); study recovery = (retrained − compressed) / retrained.</p>` +
        table(['experiment', 'task', 'trained on', 'tested at', 'pre-trained', 'retrained', 'gain', 'gap closed', 'study recovery'], s.recovery.map((r) => [r.experiment, r.task, r.trainedOn, r.condition, num(r.pretrained, 4), num(r.retrained, 4), pct(r.recovery.relativeGain), r.lossWithinNoise ? 'n/a' : pct(r.recovery.gapClosed), pct(r.recovery.studyRecovery)])) +
        (s.recovery.some((r) => r.lossWithinNoise) ? `<p>${escapeHtml(GAP_IN_NOISE)}.</p>` : ''),
    `<h2>Which architectures are most resilient</h2><p>Per codec, ranked by the area under the fraction-of-pristine vs bits-per-pixel curve over the bpp range each was swept at, divided by that range (the mean fraction kept; 1 = no loss).</p>`,
    ...Object.entries(s.ranking).map(([codec, rows]) => `<h3>${escapeHtml(codec)}</h3>${table(['rank', 'model', 'task', 'experiment', 'area', 'bpp range'], rows.map((r, i) => [String(i + 1), r.model, r.task, r.experiment, num(r.area), `${num(r.bppRange[0])}–${num(r.bppRange[1])}`]))}`),
    ...(study.published === 'paper' ? paperSections(s) : []),
    `<h2>Each experiment's report</h2><ul>${links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.name)}</a></li>`).join('')}</ul>`,
    missing.length ? `<p><strong>Not finished yet, so not in this report:</strong> ${escapeHtml(missing.join(', '))}.</p>` : '',
    `<h2>Provenance</h2><p>Study file ${escapeHtml(stamp.source)}, sha256 <code>${stamp.sha256}</code>; lossyvision ${escapeHtml(stamp.tool.version)}; generated ${escapeHtml(generatedAt)}.</p><pre>${escapeHtml(stamp.text)}</pre>`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(study.name)} — lossyvision study</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em}table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.2em .5em;text-align:right}th:nth-child(-n+3),td:nth-child(-n+3){text-align:left}pre{background:#f6f6f6;padding:1em;overflow:auto}</style>
</head><body><h1>${escapeHtml(study.name)}</h1>
${study.budget ? `<p><strong>Budget:</strong> ${escapeHtml(study.budget)}</p>` : ''}
${sections.join('\n')}
</body></html>
`;
}

const verdictText = (v: Verdict | null): string => v ?? 'not computable';

/** The published study beside ours, and its findings one by one. */
function paperSections(s: StudySummary): string[] {
  const findings = paperFindings(s);
  return [
    `<h2>The study's findings on this kit</h2><p>Source of the published numbers: ${escapeHtml(PAPER_PUBLISHED.source)}</p>`,
    ...findings.map(
      (f, i) =>
        `<h3>${i + 1}. ${escapeHtml(f.claim)} — here: <strong>${escapeHtml(f.ours)}</strong>; published: ${escapeHtml(verdictText(f.published))}</h3><p>${escapeHtml(f.rule)}</p>` +
        `<p>Ours:</p><ul>${(f.evidence.length ? f.evidence : ['no experiment measures it']).map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>` +
        `<p>Published:</p><ul>${f.publishedEvidence.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`,
    ),
    `<h2>Published tables beside ours</h2><p>Each row normalised to its own best level (1 = that row's best; lower-is-better metrics as best ÷ value), so the shapes compare although models, data and metrics differ. Ours are the headline metric at the same levels; retrained rows are retraining's own score. Published notes: ${escapeHtml(PAPER_PUBLISHED.notes.join(' '))}</p>`,
    ...comparisonTables(s).map((t) => `<h3>${escapeHtml(`${t.series.task}: ${t.series.metric}`)}</h3>${table(['', ...t.series.levels.map((l) => `${t.series.codec} ${l}`)], t.rows.map((r) => [r.label, ...r.values.map((v) => num(v))]))}`),
  ];
}
