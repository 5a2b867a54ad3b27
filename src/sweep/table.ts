import { csvField } from '../csv.js';
import type { SweepResult } from './run.js';
import { conditionSetting } from './plan.js';
import { infinityReplacer } from '../json.js';

/** One row of the study-layout table: one model at one level. */
export interface StudyRow {
  model: string;
  codec: string;
  level: number | null;
  /** Column label → value; null means undefined (e.g. no ground truth). */
  metrics: Record<string, number | null>;
  bpp: number | null;
  /** Mean over samples with a finite PSNR; Infinity when every one was lossless. */
  psnr: number | null;
  /** Samples identical to pristine (PSNR ∞) left out of `psnr`; absent when none. */
  lossless?: number;
  ssim: number | null;
  /** Samples without an SSIM (smaller than its 11×11 window); absent when none. */
  noSsim?: number;
  n: number;
  failures: number;
}

export interface StudyTable {
  /** Metric column labels, in order. */
  columns: string[];
  rows: StudyRow[];
  /** "reference: pristine predictions" in reference mode. */
  note?: string;
}

/** The paper's layout: per model one row per level, pristine first, then codecs in the order asked. */
export function studyTable(result: Pick<SweepResult, 'cells' | 'columns' | 'reference'>): StudyTable {
  const valueNames = result.columns.map((c) => c.value);
  const ambiguous = new Set(valueNames.filter((v, i) => valueNames.indexOf(v) !== i));
  const label = (c: { metric: string; value: string }): string => (ambiguous.has(c.value) ? `${c.metric} ${c.value}` : c.value);
  const rows = result.cells.map((r) => {
    const metrics: Record<string, number | null> = {};
    for (const c of result.columns) metrics[label(c)] = r.metrics[c.metric]?.[c.value] ?? null;
    return {
      model: r.cell.model,
      codec: conditionSetting(r.cell.condition),
      level: r.cell.condition.level,
      metrics,
      bpp: r.meanBpp,
      psnr: r.meanPsnr,
      // Only when it happened, so tables of ordinary sweeps stay as they were.
      ...(r.lossless > 0 && r.meanPsnr !== Infinity ? { lossless: r.lossless } : {}),
      ssim: r.meanSsim,
      ...(r.noSsim > 0 ? { noSsim: r.noSsim } : {}),
      n: r.n,
      failures: r.failures,
    };
  });
  return { columns: result.columns.map(label), rows, note: result.reference };
}

const HEADER_TAIL = ['bpp', 'PSNR (dB)', 'SSIM', 'n', 'failures'];

function fixed(value: number | null, digits: number): string {
  if (value === null || Number.isNaN(value)) return '–';
  if (value === Infinity) return '∞';
  return value.toFixed(digits);
}

/** Cells as display strings, shared by the Markdown and terminal renderers. */
export function displayCells(table: StudyTable): { header: string[]; body: string[][] } {
  const header = ['model', 'codec', 'level', ...table.columns, ...HEADER_TAIL];
  const body = table.rows.map((r) => [
    r.model,
    r.codec,
    r.level === null ? '–' : String(r.level),
    ...table.columns.map((c) => fixed(r.metrics[c], 3)),
    fixed(r.bpp, 3),
    r.lossless ? `${fixed(r.psnr, 2)} (${r.lossless} lossless)` : fixed(r.psnr, 2),
    r.noSsim ? `${fixed(r.ssim, 4)} (${r.noSsim} too small)` : fixed(r.ssim, 4),
    String(r.n),
    String(r.failures),
  ]);
  return { header, body };
}

/** What the PSNR and SSIM columns' marks mean, when a row has one. */
export function tableFootnotes(table: StudyTable): string[] {
  const notes: string[] = [];
  if (table.rows.some((r) => r.lossless)) notes.push('PSNR: mean over the samples that changed; "(k lossless)": k samples decoded identical to pristine (PSNR ∞), left out of the mean');
  if (table.rows.some((r) => r.noSsim)) notes.push('SSIM: "(k too small)": k samples smaller than the 11×11 SSIM window have no SSIM and are left out of the mean');
  return notes;
}

export function tableMarkdown(table: StudyTable): string {
  const { header, body } = displayCells(table);
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const lines = [line(header), line(header.map((_, i) => (i < 3 ? '---' : '---:'))), ...body.map(line)];
  if (table.note) lines.unshift(`*${table.note}*`, '');
  const notes = tableFootnotes(table);
  if (notes.length) lines.push('', ...notes.map((n) => `*${n}*`));
  return `${lines.join('\n')}\n`;
}


/** Full precision, empty for undefined, "inf" for infinite PSNR. */
export function tableCsv(table: StudyTable): string {
  const num = (v: number | null): string => (v === null || Number.isNaN(v) ? '' : v === Infinity ? 'inf' : String(v));
  const header = ['model', 'codec', 'level', ...table.columns, 'bpp', 'psnr', 'ssim', 'n', 'failures', ...(table.note ? ['ground_truth'] : [])];
  const rows = table.rows.map((r) => [
    r.model,
    r.codec,
    r.level === null ? '' : String(r.level),
    ...table.columns.map((c) => num(r.metrics[c])),
    num(r.bpp),
    num(r.psnr),
    num(r.ssim),
    String(r.n),
    String(r.failures),
    ...(table.note ? [table.note] : []),
  ]);
  return `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}

/** JSON has no Infinity: infinite PSNR is written as the string "Infinity", as `compress --json` does. */
export function tableJson(table: StudyTable): string {
  return `${JSON.stringify(table, infinityReplacer, 2)}\n`;
}
