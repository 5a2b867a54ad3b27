import { parseCodecLevels, presetLevels, type CodecLevels } from '../codecs/levels.js';
import { LossyvisionError } from '../errors.js';
import { conditionsOf } from '../sweep/conditions.js';
import type { Condition } from '../sweep/plan.js';

/** Parses one level-grammar flag; its errors name the flag and the text: "--codec jpeg:0: Expected integer …". */
export function parseCodecFlag(flag: string, text: string): CodecLevels {
  try {
    return parseCodecLevels(text);
  } catch (error) {
    if (error instanceof LossyvisionError) throw new LossyvisionError(error.code, error.message, { entry: `${flag} ${text}` }, { cause: error });
    throw error;
  }
}

/** More levels than this from one range is more often a forgotten step than a wish (`jpeg:50..10` is 41 levels). */
export const MAX_LEVELS_WITHOUT_YES = 20;

const listed = (levels: readonly number[]): string => (levels.length <= 6 ? levels.join(', ') : `${levels.slice(0, 3).join(', ')}, …, ${levels.slice(-2).join(', ')}`);

/**
 * The --codec and --preset flags of a sweep. A range says what it expands to (`note`), and one
 * that expands to more than MAX_LEVELS_WITHOUT_YES levels needs `yes`.
 */
export function sweepCodecFlags(codecs: readonly string[], presets: readonly string[], yes: boolean, note: (line: string) => void): CodecLevels[] {
  const parsed = codecs.map((text) => {
    const spec = parseCodecFlag('--codec', text);
    if (text.includes('..')) {
      const many = spec.levels.length > MAX_LEVELS_WITHOUT_YES;
      if (many && !yes) {
        const [from, to] = [spec.levels[0], spec.levels.at(-1)!];
        throw new LossyvisionError(
          'INVALID_ARGUMENT',
          `Expected at most ${MAX_LEVELS_WITHOUT_YES} levels without --yes but the range expands to ${spec.levels.length} (${listed(spec.levels)}); add --yes to sweep them all, or give a step, e.g. ${spec.codec}:${from}..${to}/5`,
          { entry: `--codec ${text}` },
        );
      }
      note(`--codec ${text} expands to ${spec.levels.length} ${spec.codec} level${spec.levels.length === 1 ? '' : 's'}: ${listed(spec.levels)}`);
    }
    return spec;
  });
  return [...presets.flatMap(presetLevels), ...parsed];
}

/** `run`'s `--preset` and `--codec` level sets as the sweep's conditions, presets first; at least one is required. */
export function runConditions(
  flags: { readonly preset: readonly string[]; readonly codec: readonly string[]; readonly yes?: boolean },
  note: (line: string) => void = (line) => void process.stderr.write(`lossyvision: note: ${line}\n`),
): Condition[] {
  const specs = sweepCodecFlags(flags.codec, flags.preset, flags.yes ?? false, note);
  if (specs.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one --codec or --preset for run');
  return conditionsOf(specs);
}
