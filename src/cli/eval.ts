import type { Command } from 'commander';
import { allTaskOptions, evalHandler, evalTasks } from '../tasks/index.js';
import type { EvalFlags } from '../tasks/eval-output.js';
import { formatEvalOutput } from './eval/format.js';
import { addInputLimitFlags } from './input-limits.js';

/** Flags only eval reads; the tasks' own settings (--num-classes, --depth-scale, …) come from their declarations, as for run. */
const FLAGS: readonly [flags: string, description: string][] = [
  ['--protocol <name>', 'detection: coco (default), voc07 (11-point) or voc12 (all-point); pose: coco'],
  ['--split <name>', 'VOC: ImageSets/Main split when --gt is a VOC root (default test, else val)'],
  ['--sigmas <list>', 'pose: per-keypoint OKS sigmas, comma-separated (default COCO’s 17)'],
];

/** `lossyvision eval --task T --gt GT --pred PRED [--json]`: score a predictions file with the official metric. */
export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description('score a predictions file against ground truth with the official metric (COCO, VOC, …)')
    .requiredOption('--task <task>', `one of: ${evalTasks().map((t) => t.id).join(', ')}`)
    .requiredOption('--gt <path>', 'ground truth: COCO JSON, VOC root, or a folder/file as the task needs')
    .requiredOption('--pred <path>', 'predictions: COCO results JSON, or a folder/file as the task needs')
    .option('--json', 'print {"task", "protocol", "metrics"} as JSON');
  for (const [flags, description] of FLAGS) command.option(flags, description);
  // Settings of the scored tasks: the same table as run's (no model flags: eval scores files).
  for (const { option } of allTaskOptions()) if (option.eval) command.option(option.flag, option.description);
  addInputLimitFlags(command);
  command.action(async (options: EvalFlags & { task: string; json?: boolean; maxPixels?: string }) => {
    const { json, maxPixels: _limit, ...flags } = options;
    const output = await evalHandler(flags.task, flags.protocol)(flags);
    for (const warning of output.warnings ?? []) process.stderr.write(`lossyvision: warning: ${warning}\n`);
    if (json) {
      process.stdout.write(`${JSON.stringify({ task: output.task, protocol: output.protocol, metrics: output.metrics }, null, 2)}\n`);
    } else {
      process.stdout.write(formatEvalOutput(output));
    }
  });
}
