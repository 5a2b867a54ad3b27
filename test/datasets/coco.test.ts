import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../src/datasets/dataset.js';
import { cocoImageFolders, findCocoAnnotations, openCoco } from '../../src/datasets/coco.js';
import type { PoseGroundTruth } from '../../src/tasks/pose/types.js';
import { collect, fixture } from './helpers.js';

describe('openCoco', () => {
  it('finds instances_*.json and its images folder from the dataset root; ids in numeric order', async () => {
    const ds = await openCoco(fixture('coco'), { task: 'detection' });
    expect(ds.annotations).toBe(fixture('coco/annotations/instances_val.json'));
    expect(ds.images).toBe(fixture('coco/images'));
    expect([ds.format, ds.task, ds.labelled, ds.size]).toEqual(['coco', 'detection', true, 4]);
    expect([...ds.categories!]).toEqual([[1, 'person'], [17, 'cat'], [47, 'cup']]);
    const samples = await collect(ds);
    expect(samples.map((s) => s.id)).toEqual(['7', '42', '139', '500']);
    expect(samples.map((s) => s.source.format)).toEqual(['jpeg', 'png', 'png', 'png']);
    expect(samples[0].source.lossy).toBe(true);
    expect(samples[2].groundTruth).toEqual({
      imageId: 139, width: 64, height: 43,
      objects: [
        { id: 3, categoryId: 47, bbox: [18, 8, 24, 20], area: 380, iscrowd: false },
        { id: 4, categoryId: 47, bbox: [0, 0, 64, 43], area: 2752, iscrowd: true },
      ],
    });
    const cat = await samples[1].load();
    expect([cat.width, cat.height]).toEqual([64, 43]);
  });

  it('opens the JSON file directly, and the images folder with --annotations', async () => {
    const direct = await openCoco(fixture('coco/annotations/instances_val.json'));
    expect(direct.images).toBe(fixture('coco/images'));
    const explicit = await openCoco(fixture('coco/images'), { annotations: fixture('coco/annotations/instances_val.json') });
    expect(explicit.size).toBe(4);
  });

  it('gives PoseGroundTruth for person_keypoints files', async () => {
    const ds = await openCoco(fixture('coco'), { task: 'pose' });
    expect(ds.task).toBe('pose');
    const [sample] = await collect(ds);
    const gt = sample.groundTruth as PoseGroundTruth;
    expect(gt.people[0].keypoints.slice(0, 6)).toEqual([30, 20, 2, 33, 17, 2]);
    expect(gt.people[0].numKeypoints).toBe(3);
    // With no task, a file whose annotations all carry keypoints is pose data.
    expect((await openCoco(fixture('coco/annotations/person_keypoints_val.json'))).task).toBe('pose');
    await expect(openCoco(fixture('coco/annotations/instances_val.json'), { task: 'pose' })).rejects.toThrow('Expected a person_keypoints file');
  });

  it('rejects only when a missing image is loaded, naming the file', async () => {
    const samples = await collect(await openCoco(fixture('coco'), { task: 'detection' }));
    const missing = samples[3];
    await expect(missing.load()).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining(fixture('coco/images/missing.png')) });
    await expect(missing.bytes()).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('refuses a file_name that leaves the images folder, naming the entry', async () => {
    await expect(openCoco(fixture('coco-unsafe'))).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
      message: expect.stringContaining('instances_val.json: images[0] (id 1): file_name: Expected a relative path inside'),
    });
  });

  it('says where it looked for annotations and images', async () => {
    await expect(openCoco(fixture('classes'))).rejects.toThrow('Expected a COCO annotation file in annotations/*.json or *.json');
    const root = mkdtempSync(join(tmpdir(), 'lv-coco-'));
    mkdirSync(join(root, 'annotations'));
    writeFileSync(join(root, 'annotations/instances_train2017.json'), '{}');
    writeFileSync(join(root, 'annotations/instances_val2017.json'), '{"images": [], "annotations": [], "categories": []}');
    writeFileSync(join(root, 'annotations/captions_val2017.json'), '{}');
    expect(await findCocoAnnotations(root, 'detection')).toEqual([join(root, 'annotations/instances_val2017.json')]);
    expect(await findCocoAnnotations(root, 'detection', 'train2017')).toEqual([join(root, 'annotations/instances_train2017.json')]);
    expect(cocoImageFolders(join(root, 'annotations/instances_val2017.json'))).toEqual([
      join(root, 'images/val2017'), join(root, 'val2017'), join(root, 'images'), join(root, 'annotations/images'), join(root, 'annotations/val2017'),
    ]);
    await expect(openCoco(root)).rejects.toThrow(`Expected the images folder at one of: ${join(root, 'images/val2017')}`);
    mkdirSync(join(root, 'val2017'));
    expect((await openCoco(root)).images).toBe(join(root, 'val2017'));
  });

  it('streams a 20 000-image index without reading a single pixel', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lv-coco-big-'));
    mkdirSync(join(root, 'annotations'));
    mkdirSync(join(root, 'images'));
    const n = 20_000;
    const images = Array.from({ length: n }, (_, i) => ({ id: n - i, file_name: `img_${n - i}.jpg`, width: 640, height: 480 }));
    const annotations = images.map((im, i) => ({ id: i + 1, image_id: im.id, category_id: 1, bbox: [1, 2, 30, 40], area: 1200, iscrowd: 0 }));
    writeFileSync(join(root, 'annotations/instances_val.json'), JSON.stringify({ images, annotations, categories: [{ id: 1, name: 'person' }] }));
    // Only one image exists: if iterating read files, the other 19 999 would fail.
    writeFileSync(join(root, 'images/img_1.jpg'), readFileSync(fixture('coco/images/astronaut.jpg')));

    const ds = await openCoco(root);
    expect(ds.size).toBe(n);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let last = 0;
    let first: Sample<unknown> | undefined;
    for await (const sample of ds.samples()) {
      const id = Number(sample.id);
      expect(id).toBeGreaterThan(last);
      last = id;
      first ??= sample;
      count++;
    }
    const grownMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    expect(count).toBe(n);
    // 20 000 decoded 640×480 images would be 17 GB; the samples themselves are small and collectable.
    expect(grownMb).toBeLessThan(100);
    expect((await first!.load()).width).toBe(64);
  });
});
