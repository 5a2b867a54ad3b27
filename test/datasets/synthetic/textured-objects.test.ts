import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../../src/datasets/open.js';
import { rasterise } from '../../../src/datasets/synthetic/shapes.js';
import { instanceBoxes, MIN_VISIBLE_PIXELS, MIN_VISIBLE_SHARE, renderTexturedObjects, writeTexturedObjects } from '../../../src/datasets/synthetic/textured-objects.js';
import { loadTextureSources, renderTexturedShapes } from '../../../src/datasets/synthetic/textured-shapes.js';
import type { RgbImage } from '../../../src/media/image.js';
import type { DetectionGroundTruth } from '../../../src/tasks/detection/types.js';
import { lv } from '../../cli/lv.js';

describe('exact boxes', () => {
  it('are the tight box of an instance\'s pixels, with its pixel count as area', () => {
    // 6 × 5 map: instance 0 is an L (columns 1–3, rows 1–3), instance 1 a single pixel, instance 2 absent.
    const map = Int8Array.from([
      -1, -1, -1, -1, -1, -1,
      -1, 0, -1, -1, -1, -1,
      -1, 0, -1, -1, -1, 1,
      -1, 0, 0, 0, -1, -1,
      -1, -1, -1, -1, -1, -1,
    ]);
    expect(instanceBoxes(map, 6, 3)).toEqual([
      { bbox: [1, 1, 3, 3], area: 5 },
      { bbox: [5, 2, 1, 1], area: 1 },
      { bbox: [0, 0, 0, 0], area: 0 },
    ]);
  });
});

describe('textured objects dataset', () => {
  let sources: RgbImage[];
  let dir: string;
  beforeAll(async () => {
    sources = await loadTextureSources();
    dir = await mkdtemp(path.join(tmpdir(), 'lv-objects-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('boxes exactly the visible pixels of every kept shape, repainted independently from the shapes, and drops mostly covered ones', () => {
    let dropped = 0;
    for (let index = 0; index < 40; index++) {
      const drawn = renderTexturedShapes(sources, 5, index);
      const sample = renderTexturedObjects(sources, 5, index);
      expect(sample.image.data).toEqual(drawn.image.data);
      // Paint the shapes in order: each pixel belongs to the last shape containing its centre.
      const owner = new Int8Array(64 * 64).fill(-1);
      drawn.shapes.forEach((s, k) => rasterise(s.shape, 64, 64).forEach((v, i) => { if (v) owner[i] = k; }));
      const kept = new Set(sample.objects.map((o) => o.shape));
      drawn.shapes.forEach((s, k) => {
        const xs: number[] = [];
        const ys: number[] = [];
        owner.forEach((o, i) => { if (o === k) { xs.push(i % 64); ys.push(Math.floor(i / 64)); } });
        const visible = xs.length >= MIN_VISIBLE_PIXELS && xs.length >= MIN_VISIBLE_SHARE * s.pixels;
        expect(kept.has(k)).toBe(visible);
        if (!visible) { dropped += 1; return; }
        const object = sample.objects.find((o) => o.shape === k)!;
        expect(object.categoryId).toBe(s.label);
        expect(object.area).toBe(xs.length);
        expect(object.bbox).toEqual([Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs) + 1, Math.max(...ys) - Math.min(...ys) + 1]);
      });
    }
    expect(dropped).toBeGreaterThan(0);
  });

  it('is reproducible sample by sample from (seed, index)', () => {
    expect(renderTexturedObjects(sources, 9, 3)).toEqual(renderTexturedObjects(sources, 9, 3));
    expect(renderTexturedObjects(sources, 9, 3).image.data).not.toEqual(renderTexturedObjects(sources, 10, 3).image.data);
  });

  it('writes COCO that the reader opens, and ground truth evaluated as predictions scores AP 1 with the official evaluation', async () => {
    const out = path.join(dir, 'set');
    const summary = await writeTexturedObjects({ out, count: 12, seed: 4 });
    const dataset = await openDataset(out, { task: 'detection' });
    expect(dataset.format).toBe('coco');
    expect(dataset.size).toBe(12);
    expect([...dataset.categories!.entries()]).toEqual([[1, 'ellipse'], [2, 'triangle'], [3, 'rectangle']]);
    const results: { image_id: number; category_id: number; bbox: number[]; score: number }[] = [];
    let boxes = 0;
    let i = 0;
    for await (const sample of dataset.samples()) {
      const gt = sample.groundTruth as DetectionGroundTruth;
      const rendered = renderTexturedObjects(sources, 4, i++);
      expect((await sample.load()).data).toEqual(rendered.image.data);
      expect(gt.objects.map((o) => [o.categoryId, o.bbox, o.area, o.iscrowd])).toEqual(rendered.objects.map((o) => [o.categoryId, o.bbox, o.area, false]));
      boxes += gt.objects.length;
      for (const o of gt.objects) results.push({ image_id: gt.imageId, category_id: o.categoryId, bbox: o.bbox, score: 1 });
    }
    expect(boxes).toBe(Object.values(summary.objects).reduce((a, b) => a + b, 0));
    expect(boxes).toBeGreaterThan(12);
    const pred = path.join(dir, 'results.json');
    await writeFile(pred, JSON.stringify(results));
    const r = lv('eval', '--task', 'detection', '--gt', path.join(out, 'annotations.json'), '--pred', pred, '--json');
    expect(r.status, r.stderr).toBe(0);
    const metrics = (JSON.parse(r.stdout) as { metrics: Record<string, number | null> }).metrics;
    expect([metrics.AP, metrics.AP50, metrics.AP75, metrics.AR100]).toEqual([1, 1, 1, 1]);
    // One box moved by a pixel is no longer a perfect match at IoU 0.95.
    results[0].bbox = [results[0].bbox[0] + 1, ...results[0].bbox.slice(1)];
    await writeFile(pred, JSON.stringify(results));
    const moved = JSON.parse(lv('eval', '--task', 'detection', '--gt', path.join(out, 'annotations.json'), '--pred', pred, '--json').stdout) as { metrics: Record<string, number> };
    expect(moved.metrics.AP).toBeLessThan(1);
    expect(JSON.parse(await readFile(path.join(out, 'annotations.json'), 'utf8')).info.description).toMatch(/generated; exact boxes/);
  }, 60_000);
});
