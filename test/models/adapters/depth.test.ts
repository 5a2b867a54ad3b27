import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/models/load.js';
import type { SweepConfig } from '../../../src/sweep/plan.js';
import { runSweep } from '../../../src/sweep/run.js';
import type { DepthPrediction } from '../../../src/tasks/depth/prediction.js';
import { constantGraph, writeGraph } from '../onnx-builder.js';
import { meanChannelGraph } from './segmentation-graphs.js';

const photos = fileURLToPath(new URL('../../../demo/photos/', import.meta.url));
const W = 16;
const H = 12;
/** Ground truth in metres, 0 (no depth) on every 9th pixel. */
const GT = Array.from({ length: W * H }, (_, i) => (i % 9 === 0 ? 0 : 1 + (i % 20) * 0.5));

function npyFloat32(shape: number[], values: number[]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + values.length * 4);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0, header.length & 255, header.length >> 8]);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(new Uint8Array(new Float32Array(values).buffer), 10 + header.length);
  return out;
}

let data: string;
beforeAll(async () => {
  // Two real photos, shrunk, sharing one ground-truth map: a constant graph then has known errors on both.
  data = await mkdtemp(join(tmpdir(), 'lv-depth-data-'));
  await mkdir(join(data, 'images'));
  await mkdir(join(data, 'depth'));
  for (const name of ['chelsea', 'coffee']) {
    await sharp(join(photos, `${name}.png`)).resize(W, H, { fit: 'fill' }).png().toFile(join(data, 'images', `${name}.png`));
    await writeFile(join(data, 'depth', `${name}.npy`), npyFloat32([H, W], GT));
  }
});

const sweep = async (model: string, config: Record<string, unknown>, overrides: Partial<SweepConfig> = {}) =>
  runSweep({
    task: 'depth', data, models: [model], conditions: [{ codec: 'jpeg', level: 30 }], seed: 0, referenceThreshold: 0.5, workers: 1,
    cacheDir: await mkdtemp(join(tmpdir(), 'lv-depth-cache-')), modelOptions: { config }, ...overrides,
  });

describe('depth adapter', () => {
  it('recovers metric depth from MiDaS-style relative inverse depth by least squares in inverse-depth space', async () => {
    // The network answers 2 / depth + 0.5: affine in inverse depth, so the fit is exact.
    const values = GT.map((d) => (d > 0 ? 2 / d + 0.5 : 0.3));
    const file = writeGraph('midas.onnx', constantGraph({ name: 'image', dims: [1, 3, 32, 32] }, [{ name: 'inverse_depth', dims: [1, H, W], values }]));
    const result = await sweep(file, { depthOutput: 'inverse-relative' });
    expect(result.reference).toBeUndefined();
    for (const cell of result.cells) {
      const m = cell.metrics.depth;
      expect([cell.n, cell.failures, m.images, m.pixels]).toEqual([2, 0, 2, 2 * GT.filter((d) => d > 0).length]);
      expect(m.absRel).toBeLessThan(1e-6);
      expect(m.rmse).toBeLessThan(1e-5);
      expect(m.delta1).toBe(1);
    }
    // Without alignment the raw values read as 1/value metres are far off.
    const raw = await sweep(file, { depthOutput: 'inverse-relative', alignment: 'none' });
    expect(raw.cells[0].metrics.depth.absRel).toBeGreaterThan(0.5);
  });

  it('median-scales metric depth (monodepth2) and takes it as is with no alignment', async () => {
    const file = writeGraph('metric.onnx', constantGraph({ name: 'image', dims: [1, 3, 32, 32] }, [{ name: 'depth', dims: [1, 1, H, W], values: GT.map((d) => 3 * d) }]));
    const median = await sweep(file, { alignment: 'median' });
    expect(median.cells[0].metrics.depth.absRel).toBeLessThan(1e-6);
    const none = await sweep(file, {});
    // Three times too deep everywhere: |3d − d| / d = 2, and no pixel within 1.25³.
    expect(none.cells[0].metrics.depth.absRel).toBeCloseTo(2, 5);
    expect(none.cells[0].metrics.depth.delta3).toBe(0);
  });

  it('resizes the output to the original size bilinearly and checks its shape at load', async () => {
    const file = writeGraph('ramp.onnx', constantGraph({ name: 'image', dims: [1, 3, 32, 32] }, [{ name: 'depth', dims: [1, 1, 1, 2], values: [1, 3] }]));
    const model = await loadModel(file, { task: 'depth' });
    const p = (await model.predict({ width: 4, height: 2, data: new Uint8Array(24) })) as DepthPrediction;
    // align_corners=False: 1, 1.5, 2.5, 3 along the row.
    expect(Array.from(p.data)).toEqual([1, 1.5, 2.5, 3, 1, 1.5, 2.5, 3]);
    expect([p.output, p.alignment]).toEqual(['metric', 'none']);
    await model.dispose();
    const bad = writeGraph('bad.onnx', constantGraph({ name: 'image', dims: [1, 3, 32, 32] }, [{ name: 'depth', dims: [1, 2, 1, 2], values: [1, 3, 1, 3] }]));
    await expect(loadModel(bad, { task: 'depth' })).rejects.toThrow(`${bad}: output "depth": expected shape [1, 1, H, W] or [1, H, W] but found [1, 2, 1, 2]`);
  });

  it('runs in reference mode on real photos: pristine scores perfectly, JPEG 10 does not', async () => {
    const file = writeGraph('mean.onnx', meanChannelGraph(0.5, 3));
    const folder = await mkdtemp(join(tmpdir(), 'lv-depth-photos-'));
    for (const f of ['astronaut.png', 'coffee.png']) await copyFile(join(photos, f), join(folder, f));
    const result = await sweep(file, { depthOutput: 'inverse-relative' }, { data: folder, conditions: [{ codec: 'jpeg', level: 10 }] });
    expect(result.reference).toBe('reference: pristine predictions');
    const [pristine, q10] = result.cells;
    expect(pristine.metrics.depth.absRel).toBeLessThan(1e-6);
    expect(q10.metrics.depth.absRel).toBeGreaterThan(1e-4);
    expect(q10.metrics.depth.delta1).toBeLessThanOrEqual(1);
  });
});
