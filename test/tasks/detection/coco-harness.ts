import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** One pycocotools vector: ground truth, results, and the statistics COCOeval printed for them. */
export interface CocoCase {
  name: string;
  gt: unknown;
  results: unknown;
  stats: (number | null)[];
}

export function loadCases(name: string): CocoCase[] {
  return JSON.parse(readFileSync(new URL(`../../fixtures/coco/${name}`, import.meta.url), 'utf8')) as CocoCase[];
}

/** Same nulls, numbers within 1e-9 (in practice they are bit-identical; see the exactness test). */
export function expectStats(keys: string[], actual: Record<string, number | null>, expected: (number | null)[]): void {
  expect(Object.keys(actual)).toEqual(keys);
  keys.forEach((key, i) => {
    const want = expected[i];
    const got = actual[key];
    if (want === null) expect(got, key).toBeNull();
    else {
      expect(got, key).not.toBeNull();
      expect(Math.abs((got as number) - want), `${key}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-9);
    }
  });
}
