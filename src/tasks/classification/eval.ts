import { evaluateClassificationFiles } from './evaluate-files.js';
import { requiredPath, type EvalFlags, type EvalOutput } from '../eval-output.js';

/** `eval --task classification --gt LABELS(.csv|.txt|.json) --pred PREDICTIONS(.csv|.txt|.json)`. */
export async function evalClassification(flags: EvalFlags): Promise<EvalOutput> {
  const metrics = await evaluateClassificationFiles(requiredPath(flags.gt, '--gt'), requiredPath(flags.pred, '--pred'));
  return { task: 'classification', protocol: null, metrics: { ...metrics } };
}
