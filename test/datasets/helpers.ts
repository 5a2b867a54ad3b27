import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset, Sample } from '../../src/datasets/dataset.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/datasets');
export const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);

export async function collect<T>(dataset: Dataset<T>): Promise<Sample<T>[]> {
  const out: Sample<T>[] = [];
  for await (const s of dataset.samples()) out.push(s);
  return out;
}
