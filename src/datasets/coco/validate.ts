import { describe, LossyvisionError } from '../../errors.js';

/** Shows a received value in an error message; short flat arrays are printed, not just named. */
export function shown(value: unknown): string {
  if (Array.isArray(value)) {
    // Only a short array of scalars (≤ 30: more cannot fit in 60 characters) is printed; a nested or huge one is named.
    const flat = value.length <= 30 && value.every((v) => v === null || typeof v !== 'object');
    const json = flat ? JSON.stringify(value) : '';
    return flat && json.length <= 60 ? json : `an array of length ${value.length}`;
  }
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return describe(value);
}

/** "annotations[17] (id 4512): Expected … for bbox but received …", as an INVALID_FILE error. */
export function badEntry(file: string, entry: string, expected: string, field: string, value: unknown): LossyvisionError {
  return new LossyvisionError('INVALID_FILE', `Expected ${expected} for ${field} but received ${shown(value)}`, { file, entry });
}

/** Names an element of a JSON array the way messages show it, with its id when it has one. */
export function entryName(list: string, index: number, item: unknown): string {
  const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).id : undefined;
  return typeof id === 'number' || typeof id === 'string' ? `${list}[${index}] (id ${id})` : `${list}[${index}]`;
}

export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Whether every element is a finite number: `list.every(isFiniteNumber)` as a plain loop (results files hold millions). */
export function allFiniteNumbers(list: readonly unknown[]): list is number[] {
  for (let i = 0; i < list.length; i++) if (!isFiniteNumber(list[i])) return false;
  return true;
}

/** A COCO box: four finite numbers, width and height not negative. */
export function isBox(v: unknown): v is [number, number, number, number] {
  return Array.isArray(v) && v.length === 4 && v.every(isFiniteNumber) && v[2] >= 0 && v[3] >= 0;
}

export const BOX_EXPECTED = 'bbox [x, y, w, h] of finite numbers with w ≥ 0 and h ≥ 0';

/** COCO writes flags as 0/1; booleans are accepted too. */
export function isFlag(v: unknown): v is 0 | 1 | boolean {
  return v === 0 || v === 1 || v === true || v === false;
}
