import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DepthMetric, evaluateDepth } from '../../../src/tasks/depth/metric.js';
import { readDepthPng } from '../../../src/tasks/depth/read.js';
import { cropWindow } from '../../../src/tasks/depth/crop.js';
import type { DepthCrop, DepthMap, DepthResult } from '../../../src/tasks/depth/types.js';

const root = fileURLToPath(new URL('../../fixtures/depth/', import.meta.url));
const reference = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as {
  cases: { options: { depthScale: number; minDepthM: number; maxDepthM: number | null; crop: DepthCrop }; expected: DepthResult }[];
};

async function pairs(depthScale: number): Promise<[DepthMap, DepthMap][]> {
  const files = readdirSync(join(root, 'gt')).sort();
  return Promise.all(
    files.map(async (f): Promise<[DepthMap, DepthMap]> => [
      await readDepthPng(join(root, 'pred', f), depthScale),
      await readDepthPng(join(root, 'gt', f), depthScale),
    ]),
  );
}

function expectAgreement(actual: DepthResult, expected: DepthResult): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    expect(Math.abs((actual[key as keyof DepthResult] as number) - (value as number)), key).toBeLessThan(1e-9);
  }
}

describe('depth metrics against the float64 monodepth2-style reference', () => {
  for (const { options, expected } of reference.cases) {
    it(`scale ${options.depthScale}, ${options.minDepthM}…${options.maxDepthM ?? '∞'} m, crop ${options.crop}`, async () => {
      const metric = new DepthMetric({ ...options, maxDepthM: options.maxDepthM ?? Infinity });
      for (const [p, g] of await pairs(options.depthScale)) metric.update(p, g);
      expectAgreement(metric.compute(), expected);
    });
  }

  it('merge of two halves equals the whole; state() round-trips through JSON', async () => {
    const { options, expected } = reference.cases[2]; // unbounded max depth: Infinity must survive JSON
    const all = await pairs(options.depthScale);
    const a = new DepthMetric({ ...options, maxDepthM: Infinity });
    const b = new DepthMetric({ ...options, maxDepthM: Infinity });
    all.forEach(([p, g], i) => (i % 2 ? a : b).update(p, g));
    const restored = new DepthMetric({ ...options, maxDepthM: Infinity });
    restored.load(JSON.parse(JSON.stringify(a.state())));
    restored.merge(b);
    expectAgreement(restored.compute(), expected);
  });
});

describe('depth details', () => {
  it('crops KITTI 375×1242 frames to the Garg window monodepth2 uses', () => {
    expect(cropWindow('garg', 1242, 375)).toEqual({ top: 153, bottom: 371, left: 44, right: 1197 });
    expect(cropWindow('none', 10, 5)).toEqual({ top: 0, bottom: 5, left: 0, right: 10 });
  });

  it('a perfect prediction gives zero errors and delta 1', () => {
    const gt: DepthMap = { width: 2, height: 1, data: [2, 4] };
    expect(evaluateDepth([[gt, gt]])).toMatchObject({ absRel: 0, rmse: 0, rmseLog: 0, delta1: 1, pooledDelta3: 1, images: 1, pixels: 2 });
  });

  it('returns null (not 0) with no valid ground truth', () => {
    const gt: DepthMap = { width: 2, height: 1, data: [0, 0] };
    expect(evaluateDepth([[gt, gt]])).toMatchObject({ absRel: null, pooledRmse: null, images: 0, pixels: 0 });
  });

  it('names both files and sizes when a prediction is the wrong size', () => {
    const metric = new DepthMetric();
    expect(() => metric.update({ width: 1, height: 2, data: [1, 1], file: 'p.png' }, { width: 2, height: 1, data: [1, 1], file: 'g.png' })).toThrow(
      'p.png: Expected 2×1 pixels like its ground truth g.png but received 1×2',
    );
  });
});
