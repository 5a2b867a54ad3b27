import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/datasets/dataset.js';
import { openDataset, type OpenDatasetOptions } from '../../src/datasets/open.js';
import { exportCompressedDataset } from '../../src/retrain/export.js';

const fixtures = path.resolve('test/fixtures/datasets');
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'lv-export-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

/** Ids without extensions and ground truth with lazily loaded pictures read, file paths dropped. */
async function contents(dataset: Dataset): Promise<{ id: string; gt: unknown }[]> {
  const rows: { id: string; gt: unknown }[] = [];
  for await (const s of dataset.samples()) {
    const gt = s.groundTruth as { load?: () => Promise<unknown>; file?: string } | undefined;
    const value = gt && typeof gt.load === 'function' ? await gt.load() : gt;
    rows.push({ id: s.id.replace(/\.(png|jpe?g|webp)$/i, ''), gt: JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'file' || k === 'path' ? undefined : v))) });
  }
  return rows;
}

describe('exportCompressedDataset', () => {
  const cases: [string, string, OpenDatasetOptions][] = [
    ['class folders', 'classes', { format: 'class-folders' }],
    ['COCO', 'coco', { task: 'detection' }],
    ['VOC', 'voc', { task: 'detection' }],
    ['mask folder', 'masks', { task: 'segmentation' }],
    ['depth folder', 'depth', { task: 'depth' }],
  ];
  for (const [name, folder, options] of cases) {
    it(`writes a ${name} copy that opens in its format with the same ground truth`, async () => {
      const source = path.join(fixtures, folder);
      const copy = path.join(out, folder);
      const result = await exportCompressedDataset(source, 'jpeg:20', copy, options);
      if (result.kind !== 'image') throw new Error(`expected an image export, got ${result.kind}`);
      const [before, after] = await Promise.all([openDataset(source, options), openDataset(copy, options)]);
      expect(after.format).toBe(before.format);
      expect(result.images + result.skipped.length).toBe(before.size);
      expect(result.images).toBeGreaterThan(0);
      expect(result.bpp).toBeGreaterThan(0);
      expect(await contents(after)).toEqual(await contents(before));
      // Every image in the copy is a real JPEG at the level: its pixels differ from the source.
      for await (const s of after.samples()) {
        if (result.skipped.includes(s.id)) continue;
        const bytes = await readFile(s.path);
        expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
      }
    }, 60_000);
  }

  it('rewrites COCO file_name extensions in the JSON copy', async () => {
    const json = JSON.parse(await readFile(path.join(out, 'coco', 'annotations', 'instances_val.json'), 'utf8')) as { images: { file_name: string }[] };
    // missing.png has no file to compress: it keeps its name and stays missing.
    expect(json.images.map((i) => i.file_name).sort()).toEqual(['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'missing.png']);
    expect(json.images.filter((i) => i.file_name !== 'missing.png').every((i) => i.file_name.endsWith('.jpg'))).toBe(true);
  });

  it('writes a label-list copy whose list names the renamed files, lines otherwise as they were', async () => {
    const source = path.join(fixtures, 'classes', 'labels.txt');
    const copy = path.join(out, 'label-list');
    const result = await exportCompressedDataset(source, 'webp:30', copy);
    expect(result).toMatchObject({ kind: 'image', format: 'label-list', images: 3, skipped: [], rewritten: ['labels.txt'] });
    expect(await readFile(path.join(copy, 'labels.txt'), 'utf8')).toBe('# path label\ncup/coffee.webp cup\ncat/chelsea.webp cat\nperson/nasa/astronaut.webp person\n');
    // The other list in the folder was not the one exported: copied as it is.
    expect(await readFile(path.join(copy, 'numeric.csv'), 'utf8')).toBe(await readFile(path.join(fixtures, 'classes', 'numeric.csv'), 'utf8'));
    const [before, after] = await Promise.all([openDataset(source), openDataset(path.join(copy, 'labels.txt'))]);
    expect(after.format).toBe('label-list');
    expect(await contents(after)).toEqual(await contents(before));
    for await (const s of after.samples()) expect((await readFile(s.path)).toString('latin1', 8, 12)).toBe('WEBP');
  }, 60_000);

  it('rewrites a CSV label list with a header whose paths are relative to another folder (--images)', async () => {
    const dataset = path.join(out, 'csv-source');
    await cp(path.join(fixtures, 'classes'), path.join(dataset, 'images'), { recursive: true });
    await mkdir(path.join(dataset, 'lists'));
    await writeFile(path.join(dataset, 'lists', 'val.csv'), 'path,label\r\ncat/chelsea.png,3\r\ncup/coffee.png,0\r\n');
    const copy = path.join(out, 'csv');
    const result = await exportCompressedDataset(path.join(dataset, 'lists', 'val.csv'), 'jpeg:50', copy, { images: path.join(dataset, 'images') });
    expect(result).toMatchObject({ images: 2, rewritten: [path.join('lists', 'val.csv')] });
    expect(await readFile(path.join(copy, 'lists', 'val.csv'), 'utf8')).toBe('path,label\r\ncat/chelsea.jpg,3\r\ncup/coffee.jpg,0\r\n');
    const after = await openDataset(path.join(copy, 'lists', 'val.csv'), { images: path.join(copy, 'images') });
    expect((await contents(after)).map((r) => r.id)).toEqual(['cat/chelsea', 'cup/coffee']);
  }, 60_000);

  it('refuses an output folder inside the dataset', async () => {
    await expect(exportCompressedDataset(path.join(fixtures, 'classes'), 'jpeg:20', path.join(fixtures, 'classes', 'q20'), { format: 'class-folders' }))
      .rejects.toThrow(/Expected the output folder outside the dataset folder/);
  });
});
