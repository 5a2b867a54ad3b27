import { GAP_IN_NOISE } from '../report/retrained.js';
import type { RetrainStudyResult } from './study.js';

/** What the three recovery columns mean, printed under every table. */
export const RECOVERY_DEFINITIONS =
  'gain = (retrained − compressed) / compressed; gap closed = (retrained − compressed) / (pristine − compressed); study recovery = (retrained − compressed) / retrained (the study\'s "recovers up to 78.4 %")';

const num = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined ? '—' : v.toFixed(digits));
const pct = (v: number | null): string => (v === null ? '—' : `${(100 * v).toFixed(1)} %`);

function align(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n') + '\n';
}

/**
 * The study's before/after table, one per retrained model: per test condition the bpp, the
 * pre-trained and retrained score (top-1, mIoU), and recovery as relative gain and gap closed against the
 * pre-trained model (the study's definition). With a control arm, its score and the recovery
 * against it too: what compressed training data wins beyond the same epochs on pristine data.
 */
export function formatRecoveryTables(result: RetrainStudyResult): string {
  const parts: string[] = [];
  const control = result.control !== null;
  const noise = new Set(result.lossWithinNoise ?? []);
  for (const r of result.retrained) {
    const rows = [[
      'condition', 'bpp', 'n', 'pre-trained', ...(control ? ['control'] : []), `retrained ${r.trainedOn}`, 'gain', 'gap closed', 'study recovery',
      ...(control ? ['gain vs control', 'gap closed vs control', 'study recovery vs control'] : []),
    ]];
    for (const [i, c] of result.conditions.entries()) {
      const row = r.recovery[i];
      rows.push([
        c.label, num(c.bpp, 3), String(c.n), num(row.pretrained), ...(control ? [num(row.control)] : []), num(row.retrained),
        pct(row.recovery.relativeGain), noise.has(c.label) ? 'n/a' : pct(row.recovery.gapClosed), pct(row.recovery.studyRecovery),
        ...(control ? [pct(row.vsControl?.relativeGain ?? null), pct(row.vsControl?.gapClosed ?? null), pct(row.vsControl?.studyRecovery ?? null)] : []),
      ]);
    }
    const noiseNote = noise.size ? `${GAP_IN_NOISE}\n` : '';
    const note = `\n${RECOVERY_DEFINITIONS}\n${noiseNote}${control ? 'control: the pre-trained model fine-tuned on pristine data for the same epochs; "vs control" takes its pristine and compressed scores as the baseline\n' : ''}`;
    parts.push(`model ${result.model} · metric ${result.metricLabel ?? result.metric} · test ${result.data.test} (n ${result.data.testImages})\n${align(rows)}${note}`);
  }
  return parts.join('\n');
}

/** Train level × test level: the score of each retrained model (rows) at each test condition (columns). */
export function formatMatrix(result: RetrainStudyResult): string {
  const labels = result.conditions.map((c) => c.label);
  const rows = [['trained on \\ tested at', ...labels], ['pre-trained', ...labels.map((l) => num(result.pretrained.values[l]))]];
  if (result.control) rows.push([result.control.trainedOn, ...labels.map((l) => num(result.control?.scores.values[l]))]);
  for (const r of result.retrained) rows.push([r.trainedOn, ...labels.map((l) => num(r.scores.values[l]))]);
  return align(rows);
}
