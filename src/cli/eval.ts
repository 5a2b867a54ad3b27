import type { Command } from 'commander';
import { LossyvisionError, unknownId } from '../errors.js';
import { formatEvalOutput } from './eval/format.js';
import { DEFAULT_PROTOCOLS, EVAL_HANDLERS, type EvalHandler } from './eval/handlers.js';
import type { EvalFlags } from './eval/options.js';
import { addInputLimitFlags } from './input-limits.js';

/** Every flag any eval handler reads; handlers ignore the ones that are not theirs. */
const FLAGS: readonly [flags: string, description: string][] = [
  ['--protocol <name>', 'detection: coco (default), voc07 (11-point) or voc12 (all-point); pose: coco'],
  ['--split <name>', 'VOC: ImageSets/Main split when --gt is a VOC root (default test, else val)'],
  ['--sigmas <list>', 'pose: per-keypoint OKS sigmas, comma-separated (default COCO’s 17)'],
  ['--num-classes <n>', 'segmentation: number of classes'],
  ['--ignore-index <n>', 'segmentation: label value to ignore (default 255)'],
  ['--depth-scale <n>', 'depth: PNG value per metre (default 1000)'],
  ['--min-depth <m>', 'depth: ignore ground truth below this depth, metres'],
  ['--max-depth <m>', 'depth: ignore ground truth above this depth, metres'],
  ['--crop <name>', 'depth: none, eigen or garg'],
];

/** The handler for a task and protocol, or an error listing what exists. */
export function evalHandler(task: string, protocol: string | undefined): EvalHandler {
  const tasks = [...new Set([...EVAL_HANDLERS.keys()].map((k) => k.split(':')[0]))];
  if (!tasks.includes(task)) throw unknownId('task', task, tasks);
  const chosen = protocol ?? DEFAULT_PROTOCOLS.get(task);
  const handler = EVAL_HANDLERS.get(chosen === undefined ? task : `${task}:${chosen}`);
  if (handler) return handler;
  const protocols = [...EVAL_HANDLERS.keys()].filter((k) => k.startsWith(`${task}:`)).map((k) => k.split(':')[1]);
  if (protocols.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', `task ${task} has a single protocol; leave out --protocol`);
  throw unknownId(`protocol for ${task}`, String(chosen), protocols);
}

/** `lossyvision eval --task T --gt GT --pred PRED [--json]`: score a predictions file with the official metric. */
export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description('score a predictions file against ground truth with the official metric (COCO, VOC, …)')
    .requiredOption('--task <task>', `one of: ${[...new Set([...EVAL_HANDLERS.keys()].map((k) => k.split(':')[0]))].join(', ')}`)
    .requiredOption('--gt <path>', 'ground truth: COCO JSON, VOC root, or a folder/file as the task needs')
    .requiredOption('--pred <path>', 'predictions: COCO results JSON, or a folder/file as the task needs')
    .option('--json', 'print {"task", "protocol", "metrics"} as JSON');
  for (const [flags, description] of FLAGS) command.option(flags, description);
  addInputLimitFlags(command);
  command.action(async (options: EvalFlags & { task: string; json?: boolean; maxPixels?: string }) => {
    const { json, maxPixels: _limit, ...flags } = options;
    const output = await evalHandler(flags.task, flags.protocol)(flags);
    if (json) {
      process.stdout.write(`${JSON.stringify({ task: output.task, protocol: output.protocol, metrics: output.metrics }, null, 2)}\n`);
    } else {
      process.stdout.write(formatEvalOutput(output));
    }
  });
}
