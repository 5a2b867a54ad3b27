import { invalidParameter } from '../errors.js';

/**
 * Flags the tasks' eval handlers read, as commander leaves them (strings) or as a
 * caller passes them (numbers). Each handler takes these and returns {task, protocol, metrics}.
 */
export interface EvalFlags {
  task?: string;
  protocol?: string;
  gt?: string;
  pred?: string;
  split?: string;
  numClasses?: string | number;
  ignoreIndex?: string | number;
  depthScale?: string | number;
  minDepth?: string | number;
  maxDepth?: string | number;
  crop?: string;
  /** Pose: per-keypoint OKS sigmas, comma-separated (default COCO's 17). */
  sigmas?: string | number[];
}

export interface EvalOutput {
  task: string;
  protocol: string | null;
  metrics: Record<string, unknown>;
  /** Optional one-line description per metric key, shown beside it in the text table (not in --json). */
  labels?: Record<string, string>;
  /** Printed on stderr as "lossyvision: warning: …". */
  warnings?: readonly string[];
}

export function requiredPath(value: string | undefined, flag: string): string {
  if (typeof value !== 'string' || value === '') throw invalidParameter('a path', flag, value);
  return value;
}
