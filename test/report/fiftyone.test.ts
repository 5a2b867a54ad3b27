import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lv = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
const coco = join(root, 'test/fixtures/datasets/coco');
const PYTHON = '/usr/bin/python3';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

type Doc = Record<string, unknown> & { filepath: string; sample: string; condition: string; metadata: { width: number; height: number } };
type Box = { _cls: string; label: string; bounding_box: number[]; confidence?: number };

/** A sweep, its report with `--fiftyone`, and the dataset's documents (NaN read as Python's json reads it). */
async function exported(name: string, ...run: string[]): Promise<{ dir: string; out: string; samples: Doc[]; metadata: Record<string, unknown> }> {
  const dir = await mkdtemp(join(tmpdir(), `lv-fiftyone-${name}-`));
  dirs.push(dir);
  const out = join(dir, 'results');
  const r = lv('run', ...run, '--out', out, '--no-progress', '--no-report');
  expect(r.status, r.stderr).toBe(0);
  const report = lv('report', out, '--fiftyone', '--replicates', '20');
  expect(report.status, report.stderr).toBe(0);
  const fo = join(out, 'report', 'fiftyone');
  expect(report.stdout).toContain(`fiftyone: ${fo} (`);
  const text = readFileSync(join(fo, 'samples.json'), 'utf8').replaceAll('NaN', '"NaN"');
  return { dir: fo, out, samples: (JSON.parse(text) as { samples: Doc[] }).samples, metadata: JSON.parse(readFileSync(join(fo, 'metadata.json'), 'utf8')) as Record<string, unknown> };
}

async function expectImages(dir: string, samples: readonly Doc[]): Promise<void> {
  for (const s of samples) {
    expect(isAbsolute(s.filepath)).toBe(false);
    const meta = await sharp(join(dir, s.filepath)).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([s.metadata.width, s.metadata.height, 'png']);
    expect(s.tags).toEqual([s.condition]);
  }
}

describe('report --fiftyone: the samples at every condition as a FiftyOne dataset', () => {
  it('detection on labelled COCO: compressed pixels, ground truth, each prediction as `predict` gives it, per-sample AP', async () => {
    const { dir, out, samples, metadata } = await exported('det', '--task', 'detection', '--model', 'zoo:centernet', '--data', coco, '--codec', 'jpeg:50,5');
    // Three readable images (missing.png is a recorded failure; COCO samples are image ids) × pristine, JPEG 50, JPEG 5.
    const ids = [...new Set(samples.map((s) => s.sample))];
    expect([...ids].sort()).toEqual(['139', '42', '7']);
    expect(samples.map((s) => `${s.sample} ${s.condition}`)).toEqual(ids.flatMap((id) => ['pristine', 'jpeg:50', 'jpeg:5'].map((c) => `${id} ${c}`)));
    expect(metadata).toMatchObject({ media_type: 'image', info: { models: { zoo_centernet: 'zoo:centernet' } } });
    expect(metadata).not.toHaveProperty('version');
    await expectImages(dir, samples);

    const gt = JSON.parse(readFileSync(join(coco, 'annotations/instances_val.json'), 'utf8')) as { images: { id: number; file_name: string; width: number; height: number }[]; annotations: { image_id: number; category_id: number; bbox: number[] }[]; categories: { id: number; name: string }[] };
    for (const s of samples) {
      const image = gt.images.find((i) => String(i.id) === s.sample)!;
      const truth = gt.annotations.filter((a) => a.image_id === image.id);
      const boxes = (s.ground_truth as { _cls: string; detections: Box[] });
      expect(boxes._cls).toBe('Detections');
      expect(boxes.detections.map((d) => [d.label, ...d.bounding_box])).toEqual(truth.map((a) => [gt.categories.find((c) => c.id === a.category_id)!.name, a.bbox[0] / image.width, a.bbox[1] / image.height, a.bbox[2] / image.width, a.bbox[3] / image.height]));

      // The model run afresh by `predict` on the same condition gives the same boxes (it prints them to 0.1 px); one image's conditions, for time.
      if (s.sample !== ids[0]) continue;
      const p = lv('predict', '--model', 'zoo:centernet', '--json', '-o', join(out, 'p.png'), ...(s.condition === 'pristine' ? [] : ['--codec', s.condition]), join(coco, 'images', image.file_name));
      expect(p.status, p.stderr).toBe(0);
      const predicted = (JSON.parse(p.stdout) as { predictions: { category: string; score: number; x: number; y: number; w: number; h: number }[] }).predictions;
      const exportedBoxes = (s.zoo_centernet as { _cls: string; detections: Box[] }).detections;
      expect(exportedBoxes.length).toBe(predicted.length);
      for (const [i, d] of exportedBoxes.entries()) {
        const [x, y, w, h] = d.bounding_box;
        expect(d.label).toBe(predicted[i].category);
        expect(Math.abs(d.confidence! - predicted[i].score)).toBeLessThanOrEqual(5e-4);
        for (const [a, b] of [[x * image.width, predicted[i].x], [y * image.height, predicted[i].y], [w * image.width, predicted[i].w], [h * image.height, predicted[i].h]]) expect(Math.abs(a - b)).toBeLessThanOrEqual(0.05 + 1e-9);
      }
    }
    // Each document's AP, bpp, PSNR and SSIM are the per-sample table's.
    const csv = readFileSync(join(out, 'report', 'samples.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const s of samples.filter((x) => x.condition !== 'pristine')) {
      const row = csv.find((r) => r[4] === s.sample && `${r[2]}:${r[3]}` === s.condition)!;
      expect([s.zoo_centernet_ap, s.bpp, s.psnr, s.ssim]).toEqual([row[6], row[7], row[8], row[9]].map((v) => (v === '' ? null : Number(v))));
    }
  }, 240_000);

  it('segmentation and pose: masks as PNGs at absolute mask_path, 17 relative keypoints per person; Python reads the files', async () => {
    const seg = await exported('seg', '--task', 'segmentation', '--model', 'zoo:selfie', '--data', 'demo/photos', '--codec', 'jpeg:10');
    await expectImages(seg.dir, seg.samples);
    for (const s of seg.samples) {
      const mask = s.zoo_selfie as { _cls: string; mask_path: string };
      expect(mask._cls).toBe('Segmentation');
      expect(isAbsolute(mask.mask_path) && existsSync(mask.mask_path)).toBe(true);
      const meta = await sharp(mask.mask_path).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([s.metadata.width, s.metadata.height, 1]);
    }
    const pose = await exported('pose', '--task', 'pose', '--model', 'zoo:movenet-lightning', '--data', 'demo/photos', '--codec', 'jpeg:10');
    const people = pose.samples.flatMap((s) => (s.zoo_movenet_lightning as { _cls: string; keypoints: { _cls: string; points: number[][]; confidence: number[] }[] }).keypoints);
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) {
      expect(p._cls).toBe('Keypoint');
      expect(p.points).toHaveLength(17);
      expect(p.confidence).toHaveLength(17);
      for (const [x, y] of p.points) expect(x >= 0 && x <= 1 && y >= 0 && y <= 1).toBe(true);
    }
    if (!existsSync(PYTHON)) return;
    // What FiftyOne's importer does first: Python's json reads samples.json, every filepath relative to the folder exists.
    const check = spawnSync(PYTHON, ['-c', 'import json,os,sys\nfor d in sys.argv[1:]:\n  s=json.load(open(os.path.join(d,"samples.json")))["samples"]\n  assert all(os.path.isfile(os.path.join(d,x["filepath"])) for x in s)\n  print(len(s))', seg.dir, pose.dir], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout.trim().split('\n').map(Number)).toEqual([seg.samples.length, pose.samples.length]);
  }, 240_000);
});
