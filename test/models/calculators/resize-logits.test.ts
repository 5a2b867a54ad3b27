import { describe, expect, it } from 'vitest';
import { argmaxChannels } from '../../../src/models/calculators/argmax.js';
import { argmaxResized, sampleAxis } from '../../../src/models/calculators/resize-logits.js';
import { resizePlane } from '../../../src/models/calculators/resize-plane.js';
import { seededRandom } from '../../../src/random.js';

describe('argmaxResized', () => {
  it('is the argmax of every class plane resized bilinearly (resizePlane, F.interpolate\'s arithmetic), in both layouts', () => {
    const random = seededRandom(7);
    const [C, W, H, outW, outH] = [5, 13, 9, 40, 23];
    const nchw = Float32Array.from({ length: C * W * H }, () => random());
    const planes = Array.from({ length: C }, (_, c) => resizePlane(nchw.subarray(c * W * H, (c + 1) * W * H), W, H, outW, outH));
    const stacked = new Float32Array(C * outW * outH);
    planes.forEach((p, c) => stacked.set(p, c * outW * outH));
    const expected = argmaxChannels(stacked, C, outW * outH, 'nchw');
    const cols = sampleAxis(outW, W, W / outW);
    const rows = sampleAxis(outH, H, H / outH);
    expect(Array.from(argmaxResized(nchw, C, W, H, 'nchw', cols, rows))).toEqual(Array.from(expected));
    const nhwc = new Float32Array(C * W * H);
    for (let c = 0; c < C; c++) for (let i = 0; i < W * H; i++) nhwc[i * C + c] = nchw[c * W * H + i];
    expect(Array.from(argmaxResized(nhwc, C, W, H, 'nhwc', cols, rows))).toEqual(Array.from(expected));
  });
});

describe('resizeFrame', () => {
  it('resizes to resizeSize then centre-crops to the input, as torchvision\'s video transforms (a shorter side of 8 keeps 16 × 8; the crop keeps columns 4–11)', async () => {
    const { resizeFrame } = await import('../../../src/models/adapters/video-classifier.js');
    const data = new Uint8Array(16 * 8 * 3);
    for (let i = 0; i < 16 * 8; i++) data[i * 3] = (i % 16) * 10;
    const out = resizeFrame({ width: 16, height: 8, data }, 8, 8, 8, 'tensor-bilinear');
    expect(Array.from({ length: 8 }, (_, x) => out[x * 3])).toEqual([40, 50, 60, 70, 80, 90, 100, 110]);
  });
});
