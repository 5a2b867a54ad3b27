import { parseCodecLevels, presetLevels } from '../codecs/levels.js';
import { LossyvisionError } from '../errors.js';
import { conditionsOf } from '../sweep/conditions.js';
import type { Condition } from '../sweep/plan.js';

/** `run`'s `--preset` and `--codec` level sets as the sweep's conditions, presets first; at least one is required. */
export function runConditions(flags: { readonly preset: readonly string[]; readonly codec: readonly string[] }): Condition[] {
  const specs = [...flags.preset.flatMap(presetLevels), ...flags.codec.map(parseCodecLevels)];
  if (specs.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one --codec or --preset for run');
  return conditionsOf(specs);
}
