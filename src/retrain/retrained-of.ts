import { LossyvisionError } from '../errors.js';
import type { ModelInfo } from '../sweep/context.js';
import type { SweepResult } from '../sweep/run.js';

/**
 * `--retrained-of RETRAINED=PRETRAINED` for `lossyvision run`: a model retrained elsewhere (an
 * ONNX export, say) swept beside the model it was fine-tuned from. Checked before the sweep
 * starts: both must be models of this run, and a model cannot be its own base.
 */
export function checkRetrainedOf(pairs: ReadonlyMap<string, string>, models: readonly string[]): void {
  for (const [retrained, base] of pairs) {
    for (const id of [retrained, base]) {
      if (!models.includes(id)) {
        throw new LossyvisionError('INVALID_ARGUMENT', `Expected --retrained-of to name models given with --model (${models.join(', ')}) but received "${id}"`);
      }
    }
    if (retrained === base) throw new LossyvisionError('INVALID_ARGUMENT', `Expected two different models for --retrained-of but received "${retrained}=${base}"`);
  }
}

/**
 * Records each pairing as `retrainedOf` in the retrained model's provenance, which travels into
 * the results folder, so `lossyvision report` shows its scores as the retrained columns beside
 * the base model's without a flag.
 */
export function markRetrainedOf(result: Pick<SweepResult, 'models' | 'provenance'>, pairs: ReadonlyMap<string, string>): void {
  const mark = (info: ModelInfo): void => {
    const base = pairs.get(info.id);
    if (base !== undefined) info.provenance.retrainedOf = base;
  };
  result.models.forEach(mark);
  result.provenance.models.forEach(mark);
}

/** What the control arm was trained on: pristine data, for as many epochs as the retrained arms. */
export const CONTROL = 'pristine (control)';

/** What reports call a study's model instead of its folder, in the recovery tables' words: "ref:segnet pre-trained", "… control (pristine)", "… retrained on jpeg:5". */
export function studyModelName(model: string, trainedOn: string): string {
  const arm = trainedOn === 'pristine (pre-trained)' ? 'pre-trained' : trainedOn === CONTROL ? 'control (pristine)' : `retrained on ${trainedOn}`;
  return `${model} ${arm}`;
}
