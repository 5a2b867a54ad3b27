import { describe, expect, it } from 'vitest';
import { openMaskFolder } from '../../src/datasets/mask-folder.js';
import { VOC_SEGMENTATION_CLASSES } from '../../src/datasets/voc/classes.js';
import { collect, fixture } from './helpers.js';

const at = (map: { width: number; data: ArrayLike<number> }, x: number, y: number): number => map.data[y * map.width + x];

describe('openMaskFolder', () => {
  it('pairs images/ and masks/ by stem; palette masks give indices, not colours', async () => {
    const ds = await openMaskFolder(fixture('masks'));
    expect([ds.format, ds.labelled, ds.size, ds.ignoreIndex]).toEqual(['mask-folder', true, 3, 255]);
    const samples = await collect(ds);
    // unlabelled.png has no mask, so it is not a sample; orphan.png has no image.
    expect(samples.map((s) => s.id)).toEqual(['chelsea', 'coffee', 'orphan']);
    const [chelsea, coffee, orphan] = samples;
    expect(chelsea.groundTruth!.file).toBe(fixture('masks/masks/chelsea.png'));
    const mask = await chelsea.groundTruth!.load();
    expect([mask.width, mask.height]).toEqual([64, 43]);
    // Index 8 is VOC's cat; its colour would be (64, 0, 0).
    expect([at(mask, 10, 10), at(mask, 0, 0), at(mask, 3, 4)]).toEqual([8, 0, 255]);
    expect(mask.data).toBeInstanceOf(Uint8Array);
    const grey = await coffee.groundTruth!.load();
    expect([at(grey, 20, 10), at(grey, 0, 0)]).toEqual([2, 1]);
    const image = await chelsea.load();
    expect([image.width, image.height]).toEqual([mask.width, mask.height]);
    await expect(orphan.load()).rejects.toThrow(`Expected an image named orphan.<ext> in ${fixture('masks/images')} for ${fixture('masks/masks/orphan.png')}`);
  });

  it('maps ids through an explicit table, unmapped ids becoming the ignore index', async () => {
    const ds = await openMaskFolder(fixture('masks'), { labels: { idMap: new Map([[1, 0], [2, 1]]), ignoreIndex: 99, classes: ['table', 'cup'] } });
    const coffee = (await collect(ds))[1];
    const map = await coffee.groundTruth!.load();
    expect([at(map, 20, 10), at(map, 0, 0)]).toEqual([1, 0]);
    expect([...ds.categories!]).toEqual([[0, 'table'], [1, 'cup']]);
    const chelsea = await (await collect(ds))[0].groundTruth!.load();
    expect(at(chelsea, 10, 10)).toBe(99);
    // The camvid preset keeps 0–10 and ignores the rest (255 stays the ignore index).
    const camvid = await openMaskFolder(fixture('masks'), { labels: 'camvid' });
    const palette = await (await collect(camvid))[0].groundTruth!.load();
    expect([at(palette, 10, 10), at(palette, 0, 0), at(palette, 3, 4), camvid.ignoreIndex]).toEqual([8, 0, 255, 255]);
  });

  it('reads VOC SegmentationClass with its val split and the 21 VOC classes', async () => {
    const ds = await openMaskFolder(fixture('voc'));
    expect(ds.classes).toEqual(VOC_SEGMENTATION_CLASSES);
    const samples = await collect(ds);
    expect(samples.map((s) => s.id)).toEqual(['000002']);
    expect(samples[0].path).toBe(fixture('voc/JPEGImages/000002.jpg'));
    expect(at(await samples[0].groundTruth!.load(), 10, 10)).toBe(8);
    await expect(openMaskFolder(fixture('voc'), { split: 'nope' })).rejects.toThrow('Expected the split file ImageSets/Segmentation/nope.txt but it does not exist');
    // Named folders: a plain layout, every mask, no split file.
    const all = await collect(await openMaskFolder(fixture('voc'), { images: 'JPEGImages', masks: 'SegmentationClass' }));
    expect(all.map((s) => s.id)).toEqual(['000002', '000003']);
  });

  it('reads Cityscapes labelIds as train ids, pairing through the file-name suffixes', async () => {
    const ds = await openMaskFolder(fixture('cityscapes'));
    expect(ds.classes!.length).toBe(19);
    const [sample] = await collect(ds);
    expect(sample.id).toBe('aachen/aachen_000000_000019');
    const map = await sample.groundTruth!.load();
    // 26 (car) → 13, 7 (road) → 0, 1 (ego vehicle) → ignored.
    expect([at(map, 5, 3), at(map, 1, 1), at(map, 0, 0)]).toEqual([13, 0, 255]);
    expect(ds.size).toBe(1); // the *_color.png beside it is not a mask
  });

  it('lists the layouts it looked for, and refuses colour masks on load', async () => {
    await expect(openMaskFolder(fixture('classes'))).rejects.toThrow(/Expected image and mask folders, one of: JPEGImages\/ \+ SegmentationClass\/, .*images\/ \+ masks\//);
    await expect(openMaskFolder(fixture('masks'), { labels: 'pascal' })).rejects.toThrow('Unknown mask labelling "pascal", expected one of: voc, cityscapes, camvid');
    const colour = await openMaskFolder(fixture('cityscapes'), { maskSuffix: '_gtFine_color' });
    const [sample] = await collect(colour);
    await expect(sample.groundTruth!.load()).rejects.toThrow('Expected a single-channel PNG (grayscale or palette) but received colour type');
  });
});
