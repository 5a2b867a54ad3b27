import { describe, expect, it } from 'vitest';
import { input, maxScaledDiff, runOn, type Input } from './harness.js';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
const explicitPad: Pad = [[0, 0], [2, 0], [1, 1], [0, 0]];

interface Case { kernel: number; stride: number; pad: Pad; channels: number; multiplier: number }

const cases: Case[] = [];
for (const kernel of [1, 3, 5]) {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid', explicitPad] as Pad[]) {
      for (const multiplier of [1, 2]) cases.push({ kernel, stride, pad, channels: 3, multiplier });
    }
  }
}
cases.push({ kernel: 3, stride: 2, pad: 1, channels: 4, multiplier: 3 });

const [batch, height, width] = [2, 9, 8];

function padding(pad: Pad): [number, number, number, number] {
  if (Array.isArray(pad)) return [pad[1][0], pad[1][1], pad[2][0], pad[2][1]];
  return typeof pad === 'number' ? [pad, pad, pad, pad] : [0, 0, 0, 0];
}

function outSize(size: number, kernel: number, stride: number, pad: Pad, before: number, after: number): number {
  if (pad === 'same') return Math.ceil(size / stride);
  if (pad === 'valid') return Math.ceil((size - kernel + 1) / stride);
  return Math.floor((size + before + after - kernel) / stride) + 1;
}

function attrsOf(c: Case, dilation = 1) {
  return {
    strides: [c.stride, c.stride], dilations: [dilation, dilation], pad: c.pad,
    dimRoundingMode: typeof c.pad === 'number' ? 'floor' : undefined,
  };
}

function dyShape(c: Case, effectiveKernel = c.kernel): number[] {
  const [pt, pb, pl, pr] = padding(c.pad);
  return [batch, outSize(height, effectiveKernel, c.stride, c.pad, pt, pb), outSize(width, effectiveKernel, c.stride, c.pad, pl, pr), c.channels * c.multiplier];
}

/** The k×k filter with (d−1) zeros between taps: a dilated convolution is an ordinary one with it. */
function dilate(filter: Input, kernel: number, dilation: number, channels: number): Input {
  const size = (kernel - 1) * dilation + 1;
  const values = new Float32Array(size * size * channels);
  for (let r = 0; r < kernel; r++) {
    for (let c = 0; c < kernel; c++) {
      values.set(filter.values.subarray((r * kernel + c) * channels, (r * kernel + c + 1) * channels), (r * dilation * size + c * dilation) * channels);
    }
  }
  return { shape: [size, size, ...filter.shape.slice(2)], values };
}

describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
  it.each(cases)('matches the cpu backend: $kernel×$kernel stride $stride pad $pad ×$multiplier', async (c) => {
    const inputs = { x: input([batch, height, width, c.channels], 31), dy: input(dyShape(c), 32) };
    const attrs = { ...attrsOf(c), filterShape: [c.kernel, c.kernel, c.channels, c.multiplier] } as never;
    const expected = await runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);
    const actual = await runOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);
    expect(actual.shape).toEqual(expected.shape);
    expect(maxScaledDiff(actual.values, expected.values)).toBeLessThan(1e-4);
  });

  it('honours dilation 2 (reference: the cpu gradient of the zero-dilated 5×5 filter at its taps)', async () => {
    const c: Case = { kernel: 3, stride: 1, pad: 'same', channels: 3, multiplier: 2 };
    const inputs = { x: input([batch, height, width, 3], 33), dy: input(dyShape(c, 5), 34) };
    const actual = await runOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', inputs, { ...attrsOf(c, 2), filterShape: [3, 3, 3, 2] } as never);
    const full = await runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, { ...attrsOf(c), filterShape: [5, 5, 3, 2] } as never);
    const taps = new Float32Array(3 * 3 * 6);
    for (let r = 0; r < 3; r++) for (let q = 0; q < 3; q++) taps.set(full.values.subarray((r * 2 * 5 + q * 2) * 6, (r * 2 * 5 + q * 2 + 1) * 6), (r * 3 + q) * 6);
    expect(maxScaledDiff(actual.values, taps)).toBeLessThan(1e-4);
  });
});

describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it.each(cases)('matches the cpu backend: $kernel×$kernel stride $stride pad $pad ×$multiplier', async (c) => {
    const inputs = { dy: input(dyShape(c), 41), filter: input([c.kernel, c.kernel, c.channels, c.multiplier], 42) };
    const attrs = { ...attrsOf(c), inputShape: [batch, height, width, c.channels] } as never;
    const expected = await runOn('cpu', 'DepthwiseConv2dNativeBackpropInput', inputs, attrs);
    const actual = await runOn('wasm', 'DepthwiseConv2dNativeBackpropInput', inputs, attrs);
    expect(actual.shape).toEqual(expected.shape);
    expect(maxScaledDiff(actual.values, expected.values)).toBeLessThan(1e-4);
  });

  it('honours dilation 2 (reference: the cpu gradient through the zero-dilated 5×5 filter)', async () => {
    const c: Case = { kernel: 3, stride: 1, pad: 'valid', channels: 3, multiplier: 2 };
    const filter = input([3, 3, 3, 2], 43);
    const dy = input(dyShape(c, 5), 44);
    const actual = await runOn('wasm', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...attrsOf(c, 2), inputShape: [batch, height, width, 3] } as never);
    const expected = await runOn('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy, filter: dilate(filter, 3, 2, 6) }, { ...attrsOf(c), inputShape: [batch, height, width, 3] } as never);
    expect(maxScaledDiff(actual.values, expected.values)).toBeLessThan(1e-4);
  });
});
