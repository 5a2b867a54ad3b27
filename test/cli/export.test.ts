import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lv, expectUserError } from './lv.js';

describe('lossyvision export', () => {
  it('writes a JPEG copy of class folders and of a COCO set, annotations intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-export-'));
    const classes = lv('export', '--data', 'test/fixtures/datasets/classes', '--codec', 'jpeg:10', '--out', join(dir, 'classes'));
    expect(classes.status, classes.stderr).toBe(0);
    expect(classes.stdout).toMatch(/^class-folders: 3 images at jpeg:10 → .*classes \(\d+ bytes, \d\.\d{3} bpp\)\n$/);
    expect((await stat(join(dir, 'classes', 'person', 'nasa', 'astronaut.jpg'))).size).toBeGreaterThan(0);

    const coco = lv('export', '--data', 'test/fixtures/datasets/coco/images', '--annotations', 'test/fixtures/datasets/coco/annotations/instances_val.json', '--codec', 'webp:20', '--out', join(dir, 'coco'));
    expect(coco.status, coco.stderr).toBe(0);
    // The annotations named apart from the images folder travel with the copy, names rewritten.
    const json = JSON.parse(await readFile(join(dir, 'coco', 'annotations', 'instances_val.json'), 'utf8')) as { images: { file_name: string }[] };
    expect(json.images.map((i) => i.file_name)).toEqual(['coffee.webp', 'astronaut.webp', 'chelsea.webp', 'missing.png']);
    expect((await stat(join(dir, 'coco', 'images', 'astronaut.webp'))).size).toBeGreaterThan(0);
    expect(coco.stdout).toMatch(/^coco: 3 images at webp:20 → .*; rewrote file_name in annotations\/instances_val\.json, annotations\/person_keypoints_val\.json; 1 unreadable left as they were: \S+\n$/);
  }, 60_000);

  it('refuses a missing codec level and an output inside the dataset', async () => {
    expectUserError(lv('export', '--data', 'test/fixtures/datasets/classes', '--codec', 'jpeg:500', '--out', join(tmpdir(), 'lv-never')), /^lossyvision: .*quality/);
    expectUserError(lv('export', '--data', 'test/fixtures/datasets/classes', '--codec', 'jpeg:10', '--out', 'test/fixtures/datasets/classes/copy'), /^lossyvision: test\/fixtures\/datasets\/classes\/copy: Expected the output folder outside the dataset folder$/);
    expectUserError(lv('export', '--data', 'test/fixtures/datasets/classes', '--codec', 'h264:30', '--out', join(tmpdir(), 'lv-never')), /^lossyvision: test\/fixtures\/datasets\/classes: Expected an image codec level, e\.g\. jpeg:10, for image data; video codecs such as h264 need a UCF101-style video folder/);
    expectUserError(lv('export', '--data', join(tmpdir(), 'lv-no-such-folder'), '--codec', 'jpeg:10', '--out', join(tmpdir(), 'lv-never')), /lv-no-such-folder/);
  }, 60_000);
});
