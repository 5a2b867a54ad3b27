import type { CodecLevels } from '../codecs/levels.js';
import { resolveParams, type CodecParams } from '../codecs/params.js';
import { imageCodecs } from '../codecs/registry.js';
import { videoCodecs } from '../video/registry.js';
import type { Condition } from './plan.js';

/** Parsed `--codec` / `--preset` level sets as the sweep's conditions, in the order given. */
export function conditionsOf(specs: readonly CodecLevels[]): Condition[] {
  return specs.flatMap((s) => s.levels.map((level) => ({ codec: s.codec, level, params: { ...s.params } })));
}

/**
 * A condition's codec parameters as the codec resolves them: defaults filled in, aliases
 * ("4:4:4" → "444") and strings from the command line turned into the codec's own values. Cache
 * keys and the experiment identity are built from these, so equal settings spelled differently
 * share entries. Unknown codecs keep their parameters as given (the sweep refuses them elsewhere).
 */
export function resolvedParams(condition: Condition): CodecParams {
  if (condition.level === null) return {};
  const codec = imageCodecs.get(condition.codec) ?? videoCodecs.get(condition.codec);
  return codec ? resolveParams(codec.id, codec.params, condition.params ?? {}) : { ...(condition.params ?? {}) };
}

/** The condition with its parameters resolved (see `resolvedParams`). */
export function resolvedCondition(condition: Condition): Condition {
  return condition.level === null ? condition : { codec: condition.codec, level: condition.level, params: resolvedParams(condition) };
}
