import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/datasets/open.js';
import { DATASET_FORMATS } from '../../src/datasets/registry.js';
import { fixture } from './helpers.js';

describe('openDataset', () => {
  it('detects each fixture layout', async () => {
    const cases: [string, Parameters<typeof openDataset>[1], string][] = [
      [fixture('coco'), {}, 'coco'],
      [fixture('coco/annotations/instances_val.json'), {}, 'coco'],
      [fixture('voc'), {}, 'voc'],
      [fixture('voc'), { task: 'detection' }, 'voc'],
      [fixture('voc'), { task: 'segmentation' }, 'mask-folder'],
      [fixture('masks'), {}, 'mask-folder'],
      [fixture('cityscapes'), {}, 'mask-folder'],
      [fixture('depth'), {}, 'depth-folder'],
      [fixture('classes'), {}, 'class-folders'],
      [fixture('classes'), { task: 'classification' }, 'class-folders'],
      [fixture('classes'), { task: 'detection' }, 'folder'],
      [fixture('classes/labels.txt'), {}, 'label-list'],
      [fixture('coco/images'), {}, 'folder'],
      [fixture('masks/images'), { task: 'pose' }, 'folder'],
    ];
    for (const [path, options, format] of cases) {
      expect([path, options, (await openDataset(path, options)).format]).toEqual([path, options, format]);
    }
  });

  it('opens COCO from the images folder with --annotations, and built-in Fashion-MNIST by name', async () => {
    const coco = await openDataset(fixture('coco/images'), { annotations: fixture('coco/annotations/instances_val.json') });
    expect([coco.format, coco.size]).toEqual(['coco', 4]);
    const fm = await openDataset('builtin:fashion-mnist:train');
    expect([fm.format, fm.size]).toEqual(['fashion-mnist', 60_000]);
    expect((await openDataset('builtin:fashion-mnist')).size).toBe(10_000);
    await expect(openDataset('builtin:mnist')).rejects.toThrow('Unknown built-in dataset "builtin:mnist", expected one of: builtin:fashion-mnist');
  });

  it('honours an explicit format and rejects unknown ones with the registry keys', async () => {
    expect((await openDataset(fixture('voc'), { format: 'folder' })).format).toBe('folder');
    await expect(openDataset(fixture('voc'), { format: 'kitti' })).rejects.toThrow(
      `Unknown dataset format "kitti", expected one of: ${[...DATASET_FORMATS.keys()].join(', ')}`,
    );
  });

  it('lists what it looked for when nothing matches, and names a missing path', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lv-open-'));
    mkdirSync(join(empty, 'sub'));
    writeFileSync(join(empty, 'sub/readme.md'), 'no images');
    writeFileSync(join(empty, 'metadata.json'), '{}');
    const error = await openDataset(empty).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'INVALID_FILE', exitCode: 2 });
    expect((error as Error).message).toContain(`${empty}: Expected a dataset; looked for coco (COCO: a .json annotation file`);
    expect((error as Error).message).toContain('voc (Pascal VOC: Annotations/*.xml + JPEGImages/');
    expect((error as Error).message).toContain('folder (a plain folder of images');
    await expect(openDataset(empty, { task: 'depth' })).rejects.toThrow(/Expected a dataset for task depth; looked for depth-folder \(.*\); folder \(/);
    await expect(openDataset(join(empty, 'nope'))).rejects.toThrow(`${join(empty, 'nope')}: Expected a dataset file or folder but it does not exist`);
  });
});
