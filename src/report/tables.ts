import type { LoadedCell, MetricColumn } from './load.js';
import { labelOf, valueOf, type ModelAnalysis } from './analysis.js';
import { csvField, escapeMarkdownCell } from './escape.js';
import { GAP_IN_NOISE, lossWithinNoise, recovery } from './retrained.js';

type Raw = string | number | null;

export interface TableRow {
  /** Full-precision values for CSV, one per header entry. */
  readonly raw: readonly Raw[];
  /** Display strings, one per header entry. */
  readonly text: readonly string[];
  readonly pristine: boolean;
  /** This row is the safe threshold of its codec. */
  readonly safe: boolean;
}

/** The study's layout for one task × model: one row per level, pristine first. */
export interface ReportTable {
  readonly task: string;
  readonly model: string;
  readonly header: readonly string[];
  /** Numeric columns are right-aligned. */
  readonly numeric: readonly boolean[];
  readonly rows: readonly TableRow[];
  /** Notes shown under the table (reference mode, tolerance, …). */
  readonly notes: readonly string[];
}

function fixed(v: number | null, digits: number): string {
  if (v === null || Number.isNaN(v)) return '–';
  if (v === Infinity) return '∞';
  return v.toFixed(digits);
}

const percent = (v: number | null): string => (v === null ? '–' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`);
const share = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);

/** What the recovery columns mean, noted under tables that carry them. */
export const RECOVERY_NOTE =
  'relative gain = (retrained − compressed) / compressed; gap closed = (retrained − compressed) / (pristine − compressed); study recovery = (retrained − compressed) / retrained, the study\'s figure ("recovers up to 78.4 %")';

/**
 * Builds the table. With a retrained model paired to this one, the analysed metric gets a
 * retrained column beside it, with recovery as relative gain, as the fraction of the gap closed and as
 * the study's own figure (see RECOVERY_NOTE, added to the notes).
 */
export function studyTable(
  analysis: ModelAnalysis,
  columns: readonly MetricColumn[],
  notes: readonly string[] = [],
  /** Video sweeps: mean stream kbps per codec setting and level (streams.json); a kbps column appears when any is known. */
  kbpsOf: (codec: string, level: number) => number | null = () => null,
): ReportTable {
  const retrainedCells = analysis.retrained?.cells ?? [];
  const retrainedAt = (cell: LoadedCell): LoadedCell | undefined => retrainedCells.find((r) => r.codec === cell.codec && r.level === cell.level);
  const withRetrained = analysis.retrained !== undefined;
  const label = analysis.label;
  const cells = [...(analysis.pristine ? [analysis.pristine] : []), ...analysis.codecs.flatMap((c) => c.levels.map((l) => l.cell))];
  const kbpsAt = (cell: LoadedCell): number | null => (cell.level === null ? null : kbpsOf(cell.codec, cell.level));
  const withKbps = cells.some((c) => kbpsAt(c) !== null);
  const header = [
    'codec',
    'level',
    ...columns.map((c) => labelOf(c, columns)),
    ...(withRetrained ? [`${label} retrained`, 'relative gain', 'gap closed', 'study recovery'] : []),
    'bpp',
    ...(withKbps ? ['kbps'] : []),
    'PSNR (dB)',
    'SSIM',
    'n',
    'failures',
    'safe',
  ];
  const numeric = header.map((h, i) => i >= 2 && h !== 'safe');
  const safeLevels = new Map(analysis.codecs.map((c) => [c.codec, c.threshold.safe]));

  const rows = cells.map((cell): TableRow => {
    const pristine = cell.level === null;
    const safe = !pristine && safeLevels.get(cell.codec) === cell.level;
    const metrics = columns.map((c) => valueOf(cell, c));
    const retrained = withRetrained ? valueOf(retrainedAt(cell), analysis.column) : null;
    const computed = withRetrained && !pristine ? recovery(analysis.pristineValue, valueOf(cell, analysis.column), retrained, analysis.direction) : { gain: null, gapClosed: null, studyRecovery: null };
    // A gap inside the noise (pristine and this level indistinguishable) gives "recoveries" of 700 %: say n/a instead.
    const noGap = withRetrained && !pristine && cell.level !== null && lossWithinNoise(analysis, cell.codec, cell.level);
    const rec = noGap ? { ...computed, gapClosed: null } : computed;
    const raw: Raw[] = [
      cell.codec,
      cell.level,
      ...metrics,
      ...(withRetrained ? [retrained, rec.gain, rec.gapClosed, rec.studyRecovery] : []),
      cell.bpp,
      ...(withKbps ? [kbpsAt(cell)] : []),
      cell.psnr,
      cell.ssim,
      cell.n,
      cell.failures,
      safe ? 'safe threshold' : '',
    ];
    const text = [
      cell.codec,
      pristine ? '–' : String(cell.level),
      ...metrics.map((v) => fixed(v, 3)),
      ...(withRetrained ? [fixed(retrained, 3), percent(rec.gain), noGap ? 'n/a' : share(rec.gapClosed), share(rec.studyRecovery)] : []),
      fixed(cell.bpp, 3),
      ...(withKbps ? [fixed(kbpsAt(cell), 0)] : []),
      fixed(cell.psnr, 2),
      fixed(cell.ssim, 4),
      String(cell.n),
      String(cell.failures),
      safe ? '◀ safe' : '',
    ];
    return { raw, text, pristine, safe };
  });
  const noGapNote = rows.some((r) => r.text.includes('n/a'))
    ? [GAP_IN_NOISE]
    : [];
  return { task: analysis.task, model: analysis.model, header, numeric, rows, notes: withRetrained ? [...notes, RECOVERY_NOTE, ...noGapNote] : notes };
}


/** GitHub-flavoured Markdown; user strings escaped so a name cannot inject HTML or split a cell. */
export function tableMarkdown(table: ReportTable): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  const rule = `| ${table.numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`;
  const body = table.rows.map((r) => line(r.safe ? r.text.map((t) => (t === '' || t === '–' ? t : `**${t}**`)) : r.text));
  const title = `### ${escapeMarkdownCell(table.task)} · ${escapeMarkdownCell(table.model)}`;
  const notes = table.notes.map((n) => `*${escapeMarkdownCell(n)}*`);
  return `${[title, '', line(table.header), rule, ...body, ...(notes.length ? ['', ...notes] : [])].join('\n')}\n`;
}

/** Full precision; empty for undefined, "inf" for infinite PSNR; task and model on every row. */
export function tableCsv(table: ReportTable): string {
  const lines = [['task', 'model', ...table.header].map(csvField).join(',')];
  for (const r of table.rows) {
    const values = [table.task, table.model, ...r.raw].map((v) => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : v === Infinity ? 'inf' : String(v)));
    lines.push(values.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
