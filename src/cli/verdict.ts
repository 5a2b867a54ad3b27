import type { Command } from 'commander';
import { withReportProgress } from './progress.js';
import type { Tolerance } from '../report/threshold.js';
import { resultsVerdict } from '../report/verdict.js';
import { numberFlag } from '../validate.js';

/** `--tolerance` / `--relative`, as `report` reads them, for the commands that judge their own results. */
export function addToleranceFlags(command: Command): Command {
  return command
    .option('--tolerance <amount>', 'safe threshold: how far below pristine a level may fall, in metric units (0.01 = 1 point of a 0–1 metric)', '0.01')
    .option('--relative', 'read --tolerance as a fraction of the pristine value (0.01 = 1 %)', false);
}

export function toleranceOf(flags: { tolerance: string; relative: boolean }): Tolerance {
  return { kind: flags.relative ? 'relative' : 'absolute', amount: numberFlag(flags.tolerance, '--tolerance', 'number of at least 0', (v) => v >= 0) };
}

/** After a sweep: the verdict in words and, unless `--no-report`, the report written beside the results (as `yolo val` saves its plots). */
export async function printVerdict(out: string, report: boolean, tolerance?: Tolerance, progress = true): Promise<void> {
  // Imported here: the report's modules (vega, charts) cost every run start-up time, --no-report ones too.
  const writeReport = report ? (await import('../report/report.js')).writeReport : undefined;
  const files = writeReport ? await withReportProgress(progress, (onProgress) => writeReport(out, { tolerance, onProgress })) : undefined;
  const verdict = files?.verdict ?? (await resultsVerdict(out, { tolerance }));
  if (verdict.length > 0) process.stdout.write(`\nverdict\n${verdict.join('\n')}\n`);
  if (files) process.stdout.write(`report: ${files.html}\n`);
}
