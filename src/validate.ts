import { invalidParameter } from './errors.js';

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

/**
 * A number flag, as commander hands it over (text) or a library caller passes it (a number):
 * parsed, checked by `ok`, refused in the house template naming the flag ("Expected positive
 * number for --lr but received "x" of type string"). Text that reads as a number is reported as
 * that number.
 */
export function numberFlag(value: string | number, flag: string, expected: string, ok: (v: number) => boolean): number {
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || !ok(n)) throw invalidParameter(expected, flag, typeof value === 'string' && !Number.isNaN(n) ? n : value);
  return n;
}

/** An integer flag of at least `min` (`--workers`, `--seed`, …); undefined when the flag was not given. */
export function integerFlag(value: string | number, flag: string, min: number): number;
export function integerFlag(value: string | number | undefined, flag: string, min: number): number | undefined;
export function integerFlag(value: string | number | undefined, flag: string, min: number): number | undefined {
  return value === undefined ? undefined : numberFlag(value, flag, `integer of at least ${min}`, (v) => Number.isSafeInteger(v) && v >= min);
}
