import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { farnebackFlow, farnebackSequence, resolveFarneback } from '../../../src/video/flow/farneback.js';
import { movingPatch } from '../../tasks/action/clip-fixtures.js';

/** Mean flow and mean end-point error over the interior (borders lack support). */
function interior(flow: { width: number; height: number; data: Float32Array }, dx: number, dy: number, margin: number) {
  let u = 0;
  let v = 0;
  let epe = 0;
  let n = 0;
  for (let y = margin; y < flow.height - margin; y++) {
    for (let x = margin; x < flow.width - margin; x++) {
      const i = (y * flow.width + x) * 2;
      u += flow.data[i];
      v += flow.data[i + 1];
      epe += Math.hypot(flow.data[i] - dx, flow.data[i + 1] - dy);
      n++;
    }
  }
  return { u: u / n, v: v / n, epe: epe / n };
}

describe('farnebackFlow', () => {
  it.each([
    [1, 0],
    [2, -1],
    [-3, 2],
    [5, 4],
  ])('recovers a translation of (%d, %d) px to sub-pixel accuracy in the interior', async (dx, dy) => {
    const [a, b] = await movingPatch({ size: 96, frames: 2, dx, dy });
    const flow = farnebackFlow(a, b);
    const m = interior(flow, dx, dy, 16);
    expect(m.u).toBeCloseTo(dx, 1);
    expect(m.v).toBeCloseTo(dy, 1);
    expect(m.epe).toBeLessThan(0.1);
  });

  it('gives zero flow for identical frames', async () => {
    const [a] = await movingPatch({ size: 48, frames: 1, dx: 0, dy: 0 });
    const m = interior(farnebackFlow(a, a), 0, 0, 0);
    expect(m.epe).toBeLessThan(1e-3);
  });

  it('needs the pyramid for large motion: one level cannot follow 7 px', async () => {
    const [a, b] = await movingPatch({ size: 96, frames: 2, dx: 7, dy: 0 });
    expect(interior(farnebackFlow(a, b, { levels: 3 }), 7, 0, 16).epe).toBeLessThan(0.2);
    expect(interior(farnebackFlow(a, b, { levels: 1 }), 7, 0, 16).epe).toBeGreaterThan(1);
  });

  it('refuses bad settings and mismatched frames', async () => {
    expect(() => resolveFarneback({ levels: 0 })).toThrow('Expected integer between 1 and 10 for levels but received 0 of type number');
    expect(() => resolveFarneback({ pyrScale: 1 })).toThrow(/pyrScale/);
    const [a] = await movingPatch({ size: 32, frames: 1, dx: 0, dy: 0 });
    const [b] = await movingPatch({ size: 48, frames: 1, dx: 0, dy: 0 });
    expect(() => farnebackFlow(a, b)).toThrow('Expected two frames of the same size but received 32×32 and 48×48');
  });
});

describe('farnebackSequence', () => {
  it('gives the same flows as pairwise calls, one per consecutive pair', async () => {
    const frames = await movingPatch({ size: 48, frames: 3, dx: 1, dy: 1 });
    const flows = farnebackSequence(frames);
    expect(flows).toHaveLength(2);
    expect(flows[1].data).toEqual(farnebackFlow(frames[1], frames[2]).data);
  });
});

describe('farnebackFlow against OpenCV', () => {
  it('matches OpenCV 4.6 calcOpticalFlowFarneback on real pedestrian frames to a few hundredths of a pixel', () => {
    const dir = new URL('../../fixtures/action/', import.meta.url).pathname;
    const raw = readFileSync(join(dir, 'vtest-100-104-96x72.rgb'));
    const W = 96;
    const H = 72;
    const frame = (i: number) => ({ width: W, height: H, data: new Uint8Array(raw.subarray(i * W * H * 3, (i + 1) * W * H * 3)) });
    const bytes = readFileSync(join(dir, 'vtest-100-104-96x72.opencv-flow.f32'));
    const reference = new Float32Array(bytes.buffer, bytes.byteOffset, W * H * 2);
    const flow = farnebackFlow(frame(0), frame(1), { levels: 3, pyrScale: 0.5, winSize: 15, iterations: 3, polyN: 5, polySigma: 1.1 });
    const errors: number[] = [];
    let moving = 0;
    for (let y = 8; y < H - 8; y++) {
      for (let x = 8; x < W - 8; x++) {
        const i = (y * W + x) * 2;
        errors.push(Math.hypot(flow.data[i] - reference[i], flow.data[i + 1] - reference[i + 1]));
        if (Math.hypot(reference[i], reference[i + 1]) > 0.5) moving++;
      }
    }
    errors.sort((a, b) => a - b);
    expect(moving).toBeGreaterThan(500); // the frames do move
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.05);
    expect(errors[Math.floor(errors.length * 0.95)]).toBeLessThan(0.2);
  });
});
