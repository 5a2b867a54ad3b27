import { describe, expect, it } from 'vitest';
import { input, maxScaledDiff, runOn } from './harness.js';

type Pad = 'same' | 'valid' | number;
interface Case { size: number; stride: number; pad: Pad }

const cases: Case[] = [];
for (const size of [2, 3]) {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid'] as Pad[]) cases.push({ size, stride, pad });
  }
}
cases.push({ size: 3, stride: 2, pad: 1 });

const [batch, height, width, channels] = [2, 9, 8, 5];

function outSize(length: number, c: Case): number {
  if (c.pad === 'same') return Math.ceil(length / c.stride);
  if (c.pad === 'valid') return Math.ceil((length - c.size + 1) / c.stride);
  return Math.floor((length + 2 * c.pad - c.size) / c.stride) + 1;
}

describe('MaxPoolGrad on wasm (replacement)', () => {
  it.each(cases)('matches the cpu backend: $size×$size stride $stride pad $pad', async (c) => {
    const dyShape = [batch, outSize(height, c), outSize(width, c), channels];
    // Seeded values in [-1, 1): no ties inside a window, so the arg-max is unambiguous.
    const inputs = { dy: input(dyShape, 61), input: input([batch, height, width, channels], 62), output: input(dyShape, 63) };
    const attrs = {
      filterSize: [c.size, c.size], strides: [c.stride, c.stride], pad: c.pad,
      dimRoundingMode: typeof c.pad === 'number' ? 'floor' : undefined,
    } as never;
    const expected = await runOn('cpu', 'MaxPoolGrad', inputs, attrs);
    const actual = await runOn('wasm', 'MaxPoolGrad', inputs, attrs);
    expect(actual.shape).toEqual(expected.shape);
    expect(maxScaledDiff(actual.values, expected.values)).toBeLessThan(1e-6);
  });

  it('breaks ties like the cpu backend: the first maximum in row-major order', async () => {
    const x = { shape: [1, 4, 4, 2], values: new Float32Array(32).fill(0.5) };
    const dy = { shape: [1, 2, 2, 2], values: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
    const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' } as never;
    const expected = await runOn('cpu', 'MaxPoolGrad', { dy, input: x, output: dy }, attrs);
    const actual = await runOn('wasm', 'MaxPoolGrad', { dy, input: x, output: dy }, attrs);
    expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
  });
});
