import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openVoc } from '../../src/datasets/voc.js';
import { VOC_CLASSES } from '../../src/datasets/voc/classes.js';
import { collect, fixture } from './helpers.js';

describe('openVoc', () => {
  it('reads the test split by default, sorted, with VOC class ids and COCO-style boxes', async () => {
    const ds = await openVoc(fixture('voc'));
    expect(ds.split).toBe('test');
    expect(ds.size).toBe(2);
    expect([...ds.categories!.values()]).toEqual(VOC_CLASSES);
    const samples = await collect(ds);
    expect(samples.map((s) => s.id)).toEqual(['000001', '000002']);
    const [person, cat] = samples;
    expect(person.path).toBe(fixture('voc/JPEGImages/000001.jpg'));
    expect(person.source).toEqual({ format: 'jpeg', lossy: true });
    expect(person.groundTruth).toEqual({
      imageId: 1, width: 64, height: 64,
      objects: [{ id: 1, categoryId: 15, bbox: [8, 4, 50, 60], area: 3000, iscrowd: false, difficult: false }],
    });
    // VOC's 1-based inclusive [3, 4, 58, 42] is [2, 3, 56, 39] as [x, y, w, h]; the chair stays, marked difficult.
    expect(cat.groundTruth!.objects).toEqual([
      { id: 2, categoryId: 8, bbox: [2, 3, 56, 39], area: 2184, iscrowd: false, difficult: false },
      { id: 3, categoryId: 9, bbox: [49, 29, 15, 14], area: 210, iscrowd: false, difficult: true },
    ]);
    const image = await cat.load();
    expect([image.width, image.height, image.data.length]).toEqual([64, 43, 64 * 43 * 3]);
  });

  it('reads a named split, and falls back to every annotation when asked for none that exists', async () => {
    const train = await collect(await openVoc(fixture('voc'), { split: 'train' }));
    expect(train.map((s) => s.id)).toEqual(['000003']);
    await expect(openVoc(fixture('voc'), { split: 'nope' })).rejects.toThrow('Expected the split file ImageSets/Main/nope.txt but it does not exist');
    await expect(openVoc(fixture('voc'), { split: '../../x' })).rejects.toThrow(/contains "\.\."|leaves the folder/);
  });

  it('uses sorted names when the classes are not VOC\'s, and rejects unknown classes when they are given', async () => {
    const ds = await openVoc(fixture('voc'), { classes: ['person', 'cat', 'chair'] });
    expect([...ds.categories!]).toEqual([[1, 'person'], [2, 'cat'], [3, 'chair']]);
    await expect(openVoc(fixture('voc'), { classes: ['person'] })).rejects.toThrow(/000002\.xml: object\[0\]: Unknown class "cat", expected one of: person/);
  });

  it('falls back to sorted class names when one is not a VOC class', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lv-voc-'));
    mkdirSync(join(root, 'Annotations'));
    mkdirSync(join(root, 'JPEGImages'));
    const obj = (name: string) => `<object><name>${name}</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object>`;
    writeFileSync(join(root, 'Annotations/b.xml'), `<annotation><filename>b.jpg</filename><size><width>4</width><height>4</height></size>${obj('zebra')}${obj('cat')}</annotation>`);
    writeFileSync(join(root, 'Annotations/a.xml'), `<annotation><filename>a.jpg</filename><size><width>4</width><height>4</height></size>${obj('apple')}</annotation>`);
    const ds = await openVoc(root);
    expect(ds.split).toBe('all');
    expect([...ds.categories!]).toEqual([[1, 'apple'], [2, 'cat'], [3, 'zebra']]);
    const [a, b] = await collect(ds);
    expect([a.id, b.id]).toEqual(['a', 'b']);
    expect(b.groundTruth!.objects.map((o) => o.categoryId)).toEqual([3, 2]);
    // No image file: listing succeeded, loading names the file.
    await expect(a.load()).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining(join(root, 'JPEGImages/a.jpg')) });
  });

  it('refuses an annotation filename that leaves the images folder', async () => {
    await expect(openVoc(fixture('voc-unsafe'))).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
      message: expect.stringContaining('evil.xml: filename: Expected a relative path inside'),
    });
    // A split file line is a path too.
    await expect(openVoc(fixture('voc-unsafe'), { split: 'evil' })).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
      message: expect.stringContaining('evil.txt: line 1: Expected a relative path inside'),
    });
  });
});
