import { describe, expect, it } from 'vitest';
import { input, maxScaledDiff, runOn } from './harness.js';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
const explicitPad: Pad = [[0, 0], [1, 2], [0, 1], [0, 0]];

interface Case { kernel: number; stride: number; pad: Pad; inChannels: number; outChannels: number; dataFormat?: 'NHWC' | 'NCHW' }

const cases: Case[] = [];
for (const kernel of [1, 3, 5]) {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid', explicitPad] as Pad[]) {
      cases.push({ kernel, stride, pad, inChannels: 3, outChannels: 4 });
    }
  }
}
cases.push({ kernel: 3, stride: 1, pad: 'same', inChannels: 1, outChannels: 8 });
cases.push({ kernel: 3, stride: 2, pad: 1, inChannels: 2, outChannels: 5 });
cases.push({ kernel: 3, stride: 2, pad: 'same', inChannels: 3, outChannels: 4, dataFormat: 'NCHW' });

const label = (c: Case) => `k${c.kernel} s${c.stride} pad ${JSON.stringify(c.pad)} ${c.inChannels}→${c.outChannels} ${c.dataFormat ?? 'NHWC'}`;

function outSize(size: number, c: Case, before: number, after: number): number {
  if (c.pad === 'same') return Math.ceil(size / c.stride);
  if (c.pad === 'valid') return Math.ceil((size - c.kernel + 1) / c.stride);
  return Math.floor((size + before + after - c.kernel) / c.stride) + 1;
}

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(cases)('matches the cpu backend: $kernel×$kernel stride $stride pad $pad $inChannels→$outChannels', async (c) => {
    const [batch, height, width] = [2, 9, 8];
    const [pt, pb, pl, pr] = Array.isArray(c.pad) ? [c.pad[1][0], c.pad[1][1], c.pad[2][0], c.pad[2][1]] : typeof c.pad === 'number' ? [c.pad, c.pad, c.pad, c.pad] : [0, 0, 0, 0];
    const oh = outSize(height, c, pt, pb);
    const ow = outSize(width, c, pl, pr);
    const nchw = c.dataFormat === 'NCHW';
    const inputs = {
      x: input(nchw ? [batch, c.inChannels, height, width] : [batch, height, width, c.inChannels], 11),
      dy: input(nchw ? [batch, c.outChannels, oh, ow] : [batch, oh, ow, c.outChannels], 12),
    };
    const attrs = {
      strides: [c.stride, c.stride], pad: c.pad, dataFormat: c.dataFormat ?? 'NHWC',
      dimRoundingMode: typeof c.pad === 'number' ? 'floor' : undefined,
      filterShape: [c.kernel, c.kernel, c.inChannels, c.outChannels],
    } as never;
    const expected = await runOn('cpu', 'Conv2DBackpropFilter', inputs, attrs);
    const actual = await runOn('wasm', 'Conv2DBackpropFilter', inputs, attrs);
    expect(actual.shape, label(c)).toEqual(expected.shape);
    expect(maxScaledDiff(actual.values, expected.values), label(c)).toBeLessThan(1e-4);
  });

  it('sums chunks when the im2col matrix exceeds its bound (5×5, 64→2, batch of 3 at 32×32)', async () => {
    // K·M = 5·5·64 · 3·32·32 = 4.9 M floats > 4 M (the bound): three chunks of one image.
    const inputs = { x: input([3, 32, 32, 64], 21), dy: input([3, 32, 32, 2], 22) };
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, 64, 2] } as never;
    const expected = await runOn('cpu', 'Conv2DBackpropFilter', inputs, attrs);
    const actual = await runOn('wasm', 'Conv2DBackpropFilter', inputs, attrs);
    expect(maxScaledDiff(actual.values, expected.values)).toBeLessThan(1e-4);
  });
});
