import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../../src/datasets/open.js';
import { area, rasterise, rectangle, triangle } from '../../../src/datasets/synthetic/shapes.js';
import { loadTextureSources, renderTexturedShapes, TEXTURED_SHAPES_CLASSES, writeTexturedShapes } from '../../../src/datasets/synthetic/textured-shapes.js';
import type { RgbImage } from '../../../src/media/image.js';
import type { LabelMap } from '../../../src/tasks/segmentation/types.js';

const count = (mask: ArrayLike<number>, value: number): number => Array.from(mask).filter((v) => v === value).length;

describe('shape rasterisation', () => {
  it('takes exactly the pixels whose centre is inside an axis-aligned rectangle', () => {
    // x-centres in [15.3, 25.3]: columns 15…24; y-centres in [27.7, 33.7]: rows 28…33.
    const inside = rasterise(rectangle(20.3, 30.7, 10, 6, 0), 64, 64);
    expect(count(inside, 1)).toBe(10 * 6);
    expect(inside[28 * 64 + 15]).toBe(1);
    expect(inside[27 * 64 + 15]).toBe(0);
    expect(inside[28 * 64 + 25]).toBe(0);
  });

  it('covers about the continuous area of rotated shapes', () => {
    const shapes = [
      { kind: 'ellipse' as const, cx: 32.2, cy: 31.7, rx: 20, ry: 11, angle: 0.6 },
      triangle(30, 33, 22, 1.1, [1, 0.9, 1.1]),
      rectangle(31, 30, 30, 17, 0.4),
    ];
    for (const shape of shapes) expect(Math.abs(count(rasterise(shape, 64, 64), 1) - area(shape)) / area(shape)).toBeLessThan(0.03);
  });
});

describe('textured shapes dataset', () => {
  let sources: RgbImage[];
  let dir: string;
  beforeAll(async () => {
    sources = await loadTextureSources();
    dir = await mkdtemp(path.join(tmpdir(), 'lv-shapes-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('labels exactly the pixels of each pasted shape that no later shape covers', () => {
    for (let index = 0; index < 40; index++) {
      const sample = renderTexturedShapes(sources, 5, index);
      const { mask, shapes } = sample;
      for (const [s, pasted] of shapes.entries()) {
        const inside = rasterise(pasted.shape, 64, 64);
        expect(pasted.pixels).toBe(count(inside, 1));
        // Visible: inside this shape and inside none drawn after it.
        const later = shapes.slice(s + 1).map((l) => rasterise(l.shape, 64, 64));
        let visible = 0;
        for (let i = 0; i < inside.length; i++) {
          if (!inside[i] || later.some((l) => l[i])) continue;
          visible += 1;
          expect(mask[i]).toBe(pasted.label);
        }
        expect(pasted.visible).toBe(visible);
      }
      const labelled = shapes.reduce((n, p) => n + p.visible, 0);
      expect(count(mask, 0)).toBe(64 * 64 - labelled);
      for (let label = 1; label < TEXTURED_SHAPES_CLASSES.length; label++) {
        expect(count(mask, label)).toBe(shapes.filter((p) => p.label === label).reduce((n, p) => n + p.visible, 0));
      }
    }
  });

  it('fills shapes with busier texture than the background (the cue compression erases)', () => {
    // Mean absolute difference between horizontal neighbours, over shape and background pixels.
    let fg = 0; let fgN = 0; let bg = 0; let bgN = 0;
    for (let index = 0; index < 30; index++) {
      const { image, mask } = renderTexturedShapes(sources, 1, index);
      for (let y = 0; y < 64; y++) {
        for (let x = 0; x < 63; x++) {
          const i = y * 64 + x;
          if (mask[i] !== mask[i + 1]) continue;
          const d = Math.abs(image.data[3 * i + 1] - image.data[3 * i + 4]);
          if (mask[i] === 0) { bg += d; bgN += 1; } else { fg += d; fgN += 1; }
        }
      }
    }
    expect(fg / fgN).toBeGreaterThan(2 * (bg / bgN));
  });

  it('is a function of seed and index alone', () => {
    const a = renderTexturedShapes(sources, 9, 3);
    expect(renderTexturedShapes(sources, 9, 3)).toEqual(a);
    expect(renderTexturedShapes(sources, 10, 3).image.data).not.toEqual(a.image.data);
    expect(renderTexturedShapes(sources, 9, 4).image.data).not.toEqual(a.image.data);
  });

  it('writes a mask folder that the dataset reader gives back pixel for pixel', async () => {
    const out = path.join(dir, 'train');
    const summary = await writeTexturedShapes({ out, count: 6, seed: 2 });
    expect(summary.classPixels.reduce((a, b) => a + b, 0)).toBe(6 * 64 * 64);
    const dataset = await openDataset(out, { task: 'segmentation' });
    expect(dataset.format).toBe('mask-folder');
    expect(dataset.size).toBe(6);
    let index = 0;
    for await (const sample of dataset.samples()) {
      const expected = renderTexturedShapes(sources, 2, index++);
      expect((await sample.load()).data).toEqual(expected.image.data);
      const mask = await (sample.groundTruth as { load(): Promise<LabelMap> }).load();
      expect(Uint8Array.from(mask.data)).toEqual(expected.mask);
    }
    const description = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8')) as { classes: string[]; samples: unknown[] };
    expect(description.classes).toEqual([...TEXTURED_SHAPES_CLASSES]);
    expect(description.samples).toHaveLength(6);
  });

  it('refuses a bad count with the house template', async () => {
    await expect(writeTexturedShapes({ out: path.join(dir, 'x'), count: 0, seed: 1 })).rejects.toThrow('Expected integer of at least 1 for count but received 0 of type number');
  });
});
