import { evalClassification } from './classification.js';
import { evalCocoDetection, evalCocoPose } from './coco.js';
import { evalDepth } from './depth.js';
import type { EvalFlags, EvalOutput } from './options.js';
import { evalSegmentation } from './segmentation.js';
import { evalVoc } from './voc.js';

/** One way of scoring: reads the parsed flags, returns `{task, protocol, metrics}`. */
export type EvalHandler = (flags: EvalFlags) => Promise<EvalOutput>;

/**
 * The registration point of `lossyvision eval`: key `task` or `task:protocol`. A new task or
 * protocol is a handler file in this folder plus one entry here (and its flags in FLAGS of
 * ../eval.ts when it needs new ones).
 */
export const EVAL_HANDLERS: ReadonlyMap<string, EvalHandler> = new Map<string, EvalHandler>([
  ['detection:coco', evalCocoDetection],
  ['detection:voc07', evalVoc],
  ['detection:voc12', evalVoc],
  ['pose:coco', evalCocoPose],
  ['segmentation', evalSegmentation],
  ['depth', evalDepth],
  ['classification', evalClassification],
]);

/** The protocol a task uses when `--protocol` is not given. */
export const DEFAULT_PROTOCOLS: ReadonlyMap<string, string> = new Map([
  ['detection', 'coco'],
  ['pose', 'coco'],
]);
