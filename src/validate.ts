/** The small validation vocabulary shared by every option parser. */
export const is = {
  defined: <T>(v: T | undefined | null): v is T => v !== undefined && v !== null,
  number: (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v),
  integer: (v: unknown): v is number => Number.isInteger(v),
  inRange: (v: number, min: number, max: number): boolean => v >= min && v <= max,
  string: (v: unknown): v is string => typeof v === 'string',
  object: (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v),
  oneOf: <T>(v: unknown, values: readonly T[]): v is T => values.includes(v as T),
};
