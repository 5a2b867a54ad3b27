import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/media/decode.js';
import { COCO80_TO_COCO91 } from '../../src/models/coco-classes.js';
import { loadModel } from '../../src/models/load.js';
import type { Detection } from '../../src/tasks/detection/types.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

/** The demo photos as a small COCO set, boxes drawn by hand around what each photo shows. */
const IMAGES = [
  { id: 7, file: 'astronaut.png', width: 512, height: 512, objects: [{ category: 1, bbox: [40, 20, 420, 492] }] },
  { id: 12, file: 'coffee.png', width: 600, height: 400, objects: [{ category: 47, bbox: [60, 30, 440, 330] }] },
  { id: 31, file: 'chelsea.png', width: 451, height: 300, objects: [{ category: 17, bbox: [80, 10, 300, 290] }] },
  { id: 44, file: 'rocket.jpg', width: 640, height: 427, objects: [] },
];

describe('run on COCO data with the lossless png codec', () => {
  it('gives the metrics that eval gives on the pristine predictions, to the last digit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-coco-run-'));
    await mkdir(join(dir, 'images'));
    await mkdir(join(dir, 'annotations'));
    for (const image of IMAGES) await copyFile(join(root, 'demo/photos', image.file), join(dir, 'images', image.file));
    let annotationId = 1;
    const gt = {
      images: IMAGES.map((i) => ({ id: i.id, file_name: i.file, width: i.width, height: i.height })),
      annotations: IMAGES.flatMap((i) =>
        i.objects.map((o) => ({ id: annotationId++, image_id: i.id, category_id: o.category, bbox: o.bbox, area: o.bbox[2] * o.bbox[3], iscrowd: 0 })),
      ),
      // All 80 COCO categories, so every class the detector may answer is a known one.
      categories: COCO80_TO_COCO91.map((id) => ({ id, name: `class ${id}` })),
    };
    const gtFile = join(dir, 'annotations', 'instances_val.json');
    await writeFile(gtFile, JSON.stringify(gt));

    // The pristine predictions, made directly with the library, written as a COCO results file.
    const model = await loadModel('zoo:centernet', { task: 'detection' });
    const results = [];
    for (const image of IMAGES) {
      const detections = (await model.predict(await decodeImage(join(dir, 'images', image.file)))) as Detection[];
      results.push(...detections.map((d) => ({ image_id: image.id, category_id: d.categoryId, bbox: d.bbox, score: d.score })));
    }
    await model.dispose();
    const predFile = join(dir, 'results.json');
    await writeFile(predFile, JSON.stringify(results));
    const evaluated = node('eval', '--task', 'detection', '--gt', gtFile, '--pred', predFile, '--json');
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const expected = (JSON.parse(evaluated.stdout) as { metrics: Record<string, number | null> }).metrics;

    const out = join(dir, 'out');
    const run = node('run', '--model', 'zoo:centernet', '--data', dir, '--codec', 'png', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('reference');
    const rows = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as { codec: string; family: string; metric: string; value: number | null; n: number }[];
    for (const codec of ['pristine', 'png']) {
      const got = Object.fromEntries(rows.filter((r) => r.codec === codec && r.family === 'coco-bbox').map((r) => [r.metric, r.value]));
      expect(Object.keys(got).sort()).toEqual(Object.keys(expected).filter((k) => k !== 'images' && k !== 'predictions').sort());
      for (const [key, value] of Object.entries(got)) expect(value, `${codec} ${key}`).toBe(expected[key] === undefined ? null : expected[key]);
    }
    expect(expected.AP).toBeGreaterThan(0.1); // objects are found: the comparison is not between zeros
  }, 180_000);
});
