import { Mulberry32 } from '../random.js';

/** A seeded Fisher–Yates permutation of 0..n-1; `--max-samples` takes a prefix, so subsets nest. */
export function sampleOrder(n: number, seed: number): number[] {
  return new Mulberry32(seed).permutation(n);
}
