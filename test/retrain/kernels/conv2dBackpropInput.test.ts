import { describe, expect, it } from 'vitest';
import { getKernel } from '@tensorflow/tfjs-core';
import { conv2DBackpropInputConfig } from '../../../src/models/runtimes/wasm/conv2dBackpropInput.js';
import { initTrainingBackend } from '../../../src/retrain/backend.js';
import { input, maxScaledDiff, runOn } from './harness.js';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
const explicitPad: Pad = [[0, 0], [1, 2], [0, 1], [0, 0]];

interface Case { kernel: number; stride: number; pad: Pad; inChannels: number; outChannels: number; dataFormat?: 'NHWC' | 'NCHW' }

const cases: Case[] = [];
for (const kernel of [1, 3, 5]) {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid', explicitPad] as Pad[]) cases.push({ kernel, stride, pad, inChannels: 3, outChannels: 4, dataFormat: 'NHWC' });
  }
}
cases.push({ kernel: 3, stride: 1, pad: 'same', inChannels: 1, outChannels: 8, dataFormat: 'NHWC' });
cases.push({ kernel: 3, stride: 2, pad: 1, inChannels: 2, outChannels: 5, dataFormat: 'NHWC' });
cases.push({ kernel: 3, stride: 2, pad: 'same', inChannels: 3, outChannels: 4, dataFormat: 'NCHW' });

function padding(pad: Pad): [number, number, number, number] {
  if (Array.isArray(pad)) return [pad[1][0], pad[1][1], pad[2][0], pad[2][1]];
  return typeof pad === 'number' ? [pad, pad, pad, pad] : [0, 0, 0, 0];
}

function outSize(size: number, c: Case, before: number, after: number): number {
  if (c.pad === 'same') return Math.ceil(size / c.stride);
  if (c.pad === 'valid') return Math.ceil((size - c.kernel + 1) / c.stride);
  return Math.floor((size + before + after - c.kernel) / c.stride) + 1;
}

describe('Conv2DBackpropInput on wasm (replacement)', () => {
  it('replaces the stock kernel once, idempotently', async () => {
    await initTrainingBackend('wasm');
    await initTrainingBackend('wasm');
    expect(getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(conv2DBackpropInputConfig.kernelFunc);
  });

  it.each(cases)('matches the cpu backend: $kernel×$kernel stride $stride pad $pad $inChannels→$outChannels $dataFormat', async (c) => {
    const [batch, height, width] = [2, 9, 8];
    const [pt, pb, pl, pr] = padding(c.pad);
    const oh = outSize(height, c, pt, pb);
    const ow = outSize(width, c, pl, pr);
    const nchw = c.dataFormat === 'NCHW';
    const inputs = {
      dy: input(nchw ? [batch, c.outChannels, oh, ow] : [batch, oh, ow, c.outChannels], 51),
      filter: input([c.kernel, c.kernel, c.inChannels, c.outChannels], 52),
    };
    const attrs = {
      strides: [c.stride, c.stride], pad: c.pad, dataFormat: c.dataFormat ?? 'NHWC',
      dimRoundingMode: typeof c.pad === 'number' ? 'floor' : undefined,
      inputShape: nchw ? [batch, c.inChannels, height, width] : [batch, height, width, c.inChannels],
    } as never;
    const expected = await runOn('cpu', 'Conv2DBackpropInput', inputs, attrs);
    const actual = await runOn('wasm', 'Conv2DBackpropInput', inputs, attrs);
    expect(actual.shape).toEqual(expected.shape);
    expect(maxScaledDiff(actual.values, expected.values)).toBeLessThan(1e-4);
  });

  it('writes every chunk when cols exceed their bound (5×5, 2→64, batch of 3 at 32×32)', async () => {
    // M·K = 3·32·32 · 5·5·64 = 4.9 M floats > 4 M: three chunks of one image.
    const inputs = { dy: input([3, 32, 32, 2], 53), filter: input([5, 5, 64, 2], 54) };
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', inputShape: [3, 32, 32, 64] } as never;
    const expected = await runOn('cpu', 'Conv2DBackpropInput', inputs, attrs);
    const actual = await runOn('wasm', 'Conv2DBackpropInput', inputs, attrs);
    expect(maxScaledDiff(actual.values, expected.values)).toBeLessThan(1e-4);
  });
});
