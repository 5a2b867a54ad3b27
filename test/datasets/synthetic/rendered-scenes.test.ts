import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../../src/datasets/open.js';
import type { DepthGroundTruth } from '../../../src/datasets/depth-folder.js';
import { buildMipTexture, type MipTexture } from '../../../src/datasets/synthetic/mip-texture.js';
import { randomScene, renderScene, sceneCamera, writeRenderedScenes, type Scene } from '../../../src/datasets/synthetic/rendered-scenes.js';
import { loadTextureSources } from '../../../src/datasets/synthetic/textured-shapes.js';
import type { RgbImage } from '../../../src/media/image.js';

let photos: RgbImage[];
let textures: MipTexture[];
let dir: string;

beforeAll(async () => {
  photos = await loadTextureSources();
  textures = photos.map(buildMipTexture);
  dir = await mkdtemp(path.join(tmpdir(), 'lv-scenes-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plain = (surfaces: Scene['surfaces'][number]['surface'][], elevation = 1.5, pitch = 0): Scene => ({
  camera: sceneCamera(64, 48, elevation, pitch),
  surfaces: surfaces.map((surface) => ({ surface, photo: 0, offsetU: 0, offsetV: 0 })),
});

describe('rendered scenes', () => {
  it('gives a fronto-parallel wall its distance at every pixel, and the ground h·f / (row − horizon) below the horizon', () => {
    const wall = renderScene(plain([{ kind: 'wall', distance: 6.25 }]), textures);
    expect(new Set(wall.depth)).toEqual(new Set([6.25]));

    const camera = sceneCamera(64, 48, 1.5, 0);
    const ground = renderScene(plain([{ kind: 'ground' }]), textures).depth;
    for (let y = 0; y < 48; y++) {
      // Row centres above the horizon (y + 0.5 < 24) never meet the ground: no ground truth there.
      const expected = y + 0.5 > 24 ? (1.5 * camera.focal) / (y + 0.5 - 24) : 0;
      for (const x of [0, 17, 63]) expect(ground[y * 64 + x]).toBeCloseTo(expected, 12);
    }
  });

  it('takes the nearest surface: a box face and a ball in front of the wall, occluding it exactly', () => {
    // Box facing the camera, front face at z = 4.5, 0.5 m either side of the axis, up to 2 m high.
    const box = renderScene(plain([{ kind: 'wall', distance: 10 }, { kind: 'box', x: 0, z: 5, halfWidth: 0.5, halfDepth: 0.5, height: 2, yaw: 0 }]), textures);
    const camera = sceneCamera(64, 48, 1.5, 0);
    for (let x = 0; x < 64; x++) {
      const lateral = Math.abs((x + 0.5 - 32) / camera.focal) * 4.5;
      expect(box.depth[24 * 64 + x]).toBe(lateral <= 0.5 ? 4.5 : 10);
    }
    // A ball of radius 0.5 at z = 4, centred on the optical axis's height: its nearest point is 3.5 m away.
    const ball = renderScene(plain([{ kind: 'wall', distance: 10 }, { kind: 'ball', x: 0, z: 4, radius: 0.5 }], 0.5), textures);
    // The centre pixels straddle the axis by half a pixel: depth just over 3.5 m, exactly the sphere's.
    const d = ball.depth[23 * 64 + 31];
    const u = -0.5 / camera.focal;
    const [dx, dy] = [u, -u];
    const a = dx * dx + dy * dy + 1;
    expect(d).toBeCloseTo((4 - Math.sqrt(16 - a * (16 - 0.25))) / a, 12);
    expect(d).toBeGreaterThan(3.5);
    expect(d).toBeLessThan(3.51);
  });

  it('is a function of (seed, index), and another seed is another scene', () => {
    const a = renderScene(randomScene(photos, 5, 3), textures);
    const b = renderScene(randomScene(photos, 5, 3), textures);
    const c = renderScene(randomScene(photos, 6, 3), textures);
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(a.depth).toEqual(b.depth);
    expect(a.depth).not.toEqual(c.depth);
    // Every pixel sees the wall or something in front of it.
    expect(Math.min(...a.depth)).toBeGreaterThan(1);
  });

  it('writes a depth folder that the depth reader reads back: 16-bit PNG at 256 per metre', async () => {
    const out = path.join(dir, 'split');
    const summary = await writeRenderedScenes({ out, count: 3, seed: 7 });
    expect([summary.count, summary.width, summary.height]).toEqual([3, 64, 48]);
    const dataset = await openDataset(out, { task: 'depth' });
    expect([dataset.format, dataset.size, dataset.labelled]).toEqual(['depth-folder', 3, true]);
    let index = 0;
    for await (const sample of dataset.samples()) {
      const expected = renderScene(randomScene(photos, 7, index++), textures);
      const image = await sample.load();
      expect(Buffer.from(image.data).equals(Buffer.from(expected.image.data))).toBe(true);
      const depth = await (sample.groundTruth as DepthGroundTruth).load();
      expect([depth.width, depth.height]).toEqual([64, 48]);
      for (let i = 0; i < depth.data.length; i++) expect(Math.abs(depth.data[i] - expected.depth[i])).toBeLessThanOrEqual(1 / 512);
    }
    const description = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8')) as { scenes: unknown[]; seed: number };
    expect([description.scenes.length, description.seed]).toEqual([3, 7]);
  });
});
