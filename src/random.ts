/**
 * mulberry32: a tiny seeded generator, identical on every platform, so a seed means the same
 * sample order, bootstrap resamples and training batches everywhere. Its whole state is one
 * 32-bit number, which a training checkpoint saves and a resumed run restores exactly.
 */
export class Mulberry32 {
  private stateValue: number;

  constructor(seed: number) {
    this.stateValue = seed >>> 0;
  }

  get state(): number {
    return this.stateValue;
  }

  set state(value: number) {
    this.stateValue = value >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.stateValue = (this.stateValue + 0x6d2b79f5) >>> 0;
    let t = this.stateValue;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A Fisher–Yates permutation of 0 … n−1. */
  permutation(n: number): number[] {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }
}

/** The generator as a plain function of no arguments. */
export function seededRandom(seed: number): () => number {
  const rng = new Mulberry32(seed);
  return () => rng.next();
}
