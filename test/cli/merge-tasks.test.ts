/**
 * Merge equals the unsharded run for more than reference-mode detection: pose and segmentation
 * (their own metrics, reference mode) and detection on labelled COCO data (ground truth from the
 * annotations, label mapping), each split into 2 shards.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COCO80_TO_COCO91 } from '../../src/models/coco-classes.js';
import { lv, root } from './lv.js';

const FILES = ['table.json', 'table.csv', 'results.json', 'results.csv', 'failures.csv'];

async function expectMergeEqualsRun(name: string, flags: string[]): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), `lv-merge-${name}-`));
  const run = (out: string, ...extra: string[]): void => {
    const r = lv('run', ...flags, '--workers', '1', '--no-progress', '--out', join(base, out), ...extra);
    expect(r.status, r.stderr).toBe(0);
  };
  run('full');
  run('s1', '--shard', '1/2');
  run('s2', '--shard', '2/2');
  const merged = lv('merge', join(base, 's1'), join(base, 's2'), '--out', join(base, 'merged'));
  expect(merged.status, merged.stderr).toBe(0);
  for (const file of FILES) expect(readFileSync(join(base, 'merged', file), 'utf8'), `${name}: ${file}`).toBe(readFileSync(join(base, 'full', file), 'utf8'));
}

/** The demo photos as a small labelled COCO set (boxes drawn by hand, as in run-coco.test.ts). */
function cocoSet(dir: string): string {
  const images = [
    { id: 7, file: 'astronaut.png', width: 512, height: 512, objects: [{ category: 1, bbox: [40, 20, 420, 492] }] },
    { id: 12, file: 'coffee.png', width: 600, height: 400, objects: [{ category: 47, bbox: [60, 30, 440, 330] }] },
    { id: 31, file: 'chelsea.png', width: 451, height: 300, objects: [{ category: 17, bbox: [80, 10, 300, 290] }] },
    { id: 44, file: 'rocket.jpg', width: 640, height: 427, objects: [] },
  ];
  mkdirSync(join(dir, 'images'), { recursive: true });
  mkdirSync(join(dir, 'annotations'));
  for (const image of images) copyFileSync(join(root, 'demo/photos', image.file), join(dir, 'images', image.file));
  let id = 1;
  const gt = {
    images: images.map((i) => ({ id: i.id, file_name: i.file, width: i.width, height: i.height })),
    annotations: images.flatMap((i) => i.objects.map((o) => ({ id: id++, image_id: i.id, category_id: o.category, bbox: o.bbox, area: o.bbox[2] * o.bbox[3], iscrowd: 0 }))),
    categories: COCO80_TO_COCO91.map((c) => ({ id: c, name: `class ${c}` })),
  };
  writeFileSync(join(dir, 'annotations', 'instances_val.json'), JSON.stringify(gt));
  return dir;
}

describe('merge equals the unsharded run', () => {
  it('pose (MoveNet, COCO keypoints + PCK)', () => expectMergeEqualsRun('pose', ['--task', 'pose', '--model', 'zoo:movenet-lightning', '--data', 'demo/photos', '--codec', 'jpeg:50,5']), 300_000);
  it('segmentation (selfie, mIoU)', () => expectMergeEqualsRun('seg', ['--task', 'segmentation', '--model', 'zoo:selfie', '--data', 'demo/photos', '--codec', 'jpeg:50,5']), 300_000);
  it('detection on labelled COCO data', async () => {
    const data = cocoSet(await mkdtemp(join(tmpdir(), 'lv-merge-coco-data-')));
    await expectMergeEqualsRun('coco', ['--model', 'zoo:centernet', '--data', data, '--codec', 'jpeg:50,5']);
  }, 300_000);
});
