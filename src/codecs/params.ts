import { invalidParameter, LossyvisionError, unknownId } from '../errors.js';

export type ParamValue = string | number | boolean;
export type CodecParams = Readonly<Record<string, ParamValue>>;

/** One codec parameter beside the level (chroma subsampling, effort, …), declared as data. */
export interface CodecParam {
  readonly name: string;
  readonly description: string;
  readonly type: 'integer' | 'enum' | 'boolean';
  /** Inclusive bounds, for integers. */
  readonly min?: number;
  readonly max?: number;
  /** Allowed values, for enums. */
  readonly values?: readonly string[];
  /** Other spellings of enum values ("4:4:4" → "444"). */
  readonly aliases?: ReadonlyMap<string, string>;
  readonly default: ParamValue;
}

/** The defaults of a parameter list, as ImageCodec.defaults shows them. */
export function paramDefaults(specs: readonly CodecParam[]): CodecParams {
  return Object.fromEntries(specs.map((s) => [s.name, s.default]));
}

/**
 * Validates parameters given as typed values or as strings from the command line
 * (`jpeg:10@chroma=444`) and fills in defaults. Every parameter is present in the result,
 * so an EncodeResult records exactly what ran.
 */
export function resolveParams(
  codec: string,
  specs: readonly CodecParam[],
  given: Readonly<Record<string, ParamValue>> = {},
): CodecParams {
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const name of Object.keys(given)) {
    if (byName.has(name)) continue;
    if (specs.length === 0) {
      throw new LossyvisionError('INVALID_ARGUMENT', `Codec "${codec}" takes no parameters, received "${name}"`);
    }
    throw unknownId(`${codec} parameter`, name, byName.keys());
  }
  const out: Record<string, ParamValue> = {};
  for (const spec of specs) {
    out[spec.name] = Object.hasOwn(given, spec.name) ? coerceParam(spec, given[spec.name]) : spec.default;
  }
  return out;
}

function coerceParam(spec: CodecParam, value: ParamValue): ParamValue {
  return COERCE[spec.type](spec, value);
}

/** One coercion per parameter type: strings from the command line become typed values. */
const COERCE: Record<CodecParam['type'], (spec: CodecParam, value: ParamValue) => ParamValue> = {
  integer: (spec, value) => {
    const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= (spec.min ?? -Infinity) && n <= (spec.max ?? Infinity)) return n;
    throw invalidParameter(`integer between ${spec.min} and ${spec.max}`, spec.name, n);
  },
  boolean: (spec, value) => {
    const b = BOOLEANS.get(typeof value === 'string' ? value.trim().toLowerCase() : value);
    if (b !== undefined) return b;
    throw invalidParameter('boolean (true or false)', spec.name, value);
  },
  enum: (spec, value) => {
    const s = String(value);
    const v = spec.aliases?.get(s) ?? s;
    if (typeof value !== 'boolean' && spec.values?.includes(v)) return v;
    throw invalidParameter(`one of ${spec.values?.join(', ')}`, spec.name, value);
  },
};

const BOOLEANS = new Map<ParamValue, boolean>([
  [true, true],
  [false, false],
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
]);
