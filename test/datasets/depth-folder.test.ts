import { describe, expect, it } from 'vitest';
import { openDepthFolder } from '../../src/datasets/depth-folder.js';
import { readScalarPng } from '../../src/media/png16.js';
import { collect, fixture } from './helpers.js';

describe('openDepthFolder', () => {
  it('reads KITTI-style 16-bit PNG depth as value / 256 and .npy as metres', async () => {
    const ds = await openDepthFolder(fixture('depth'));
    expect([ds.format, ds.size, ds.depthScale]).toEqual(['depth-folder', 2, 256]);
    const [png, npy] = await collect(ds);
    expect([png.id, npy.id]).toEqual(['chelsea', 'coffee']);
    const raw = await readScalarPng(fixture('depth/depth/chelsea.png'));
    const depth = await png.groundTruth!.load();
    expect([depth.width, depth.height]).toEqual([64, 43]);
    expect(depth.data[0]).toBe(0); // no ground truth stays 0
    expect(depth.data[1]).toBe(raw.data[1] / 256);
    expect(depth.data[1]).toBe((256 * 2 + 1) / 256);
    expect(depth.data[5]).toBe((256 * 6 + 2) / 256);
    const map = await npy.groundTruth!.load();
    expect([map.width, map.height, map.file]).toEqual([64, 43, fixture('depth/depth/coffee.npy')]);
    expect([map.data[0], map.data[1], map.data[2], map.data[11]]).toEqual([0, 0.75, 1, 0]); // NaN → 0
  });

  it('reads NYU-style millimetres with depthScale nyu (/1000, in float64)', async () => {
    const ds = await openDepthFolder(fixture('depth'), { depthScale: 'nyu' });
    const depth = await (await collect(ds))[0].groundTruth!.load();
    expect(depth.data[1]).toBe(513 / 1000);
    await expect(openDepthFolder(fixture('depth'), { depthScale: -1 })).rejects.toThrow('Expected a positive number or one of kitti, nyu for depthScale but received -1 of type number');
  });

  it('lists the layouts it looked for', async () => {
    await expect(openDepthFolder(fixture('masks'))).rejects.toThrow('Expected image and depth folders, one of: images/ + depth/');
  });
});
