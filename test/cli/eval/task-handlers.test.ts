import { describe, it, expect } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalVoc } from '../../../src/tasks/detection/eval-voc.js';
import { evalSegmentation } from '../../../src/tasks/segmentation/eval.js';
import { evalDepth } from '../../../src/tasks/depth/eval.js';
import { evalClassification } from '../../../src/tasks/classification/eval.js';
import { encodeGrayPng } from '../../../src/media/png16.js';
import { fromVocBox } from '../../../src/tasks/detection/voc-ap.js';
import { VOC_CLASSES } from '../../../src/datasets/voc/classes.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'lv-eval-'));

interface VocCase {
  name: string;
  classes: string[];
  images: { id: string; width: number; height: number; objects: { name: string; bbox: number[]; difficult: boolean }[] }[];
  detections: { image_id: string; category: string; bbox: number[]; score: number }[];
  expected: Record<string, { mAP: number; perClass: Record<string, number | null> }>;
}
const vocCases = (JSON.parse(readFileSync(join(fixtures, 'voc/vectors.json'), 'utf8')) as { cases: VocCase[] }).cases;

function writeVocLayout(c: VocCase): string {
  const root = join(tmp, `voc-${c.name}`);
  mkdirSync(join(root, 'Annotations'), { recursive: true });
  mkdirSync(join(root, 'JPEGImages'), { recursive: true });
  for (const im of c.images) {
    const objects = im.objects
      .map((o) => `<object><name>${o.name}</name><difficult>${o.difficult ? 1 : 0}</difficult><bndbox><xmin>${o.bbox[0]}</xmin><ymin>${o.bbox[1]}</ymin><xmax>${o.bbox[2]}</xmax><ymax>${o.bbox[3]}</ymax></bndbox></object>`)
      .join('');
    writeFileSync(join(root, 'Annotations', `${im.id}.xml`), `<annotation><filename>${im.id}.jpg</filename><size><width>${im.width}</width><height>${im.height}</height></size>${objects}</annotation>`);
  }
  return root;
}

describe('eval --protocol voc07|voc12', () => {
  const c = vocCases.find((x) => x.name === 'empty-classes')!;
  const root = writeVocLayout(c);

  it('scores a VOC layout with stems and class names as ids', async () => {
    const pred = join(tmp, 'voc-names.json');
    writeFileSync(pred, JSON.stringify(c.detections.map((d) => ({ image_id: d.image_id, category_id: d.category, bbox: d.bbox, score: d.score }))));
    for (const protocol of ['voc07', 'voc12']) {
      const out = await evalVoc({ protocol, gt: root, pred });
      expect(out.task).toBe('detection');
      expect(out.protocol).toBe(protocol);
      expect(Math.abs((out.metrics.mAP as number) - c.expected[protocol].mAP)).toBeLessThan(1e-9);
      // The 20 VOC classes are all reported; those without ground truth are null.
      expect(Object.keys(out.metrics.perClass as object)).toEqual([...VOC_CLASSES]);
      expect((out.metrics.perClass as Record<string, number | null>).aeroplane).toBeNull();
    }
  });

  it('accepts integer image ids for all-digit stems and 1-based class indices', async () => {
    const pred = join(tmp, 'voc-ints.json');
    writeFileSync(pred, JSON.stringify(c.detections.map((d) => ({ image_id: Number(d.image_id), category_id: VOC_CLASSES.indexOf(d.category) + 1, bbox: d.bbox, score: d.score }))));
    const out = await evalVoc({ protocol: 'voc12', gt: root, pred });
    expect(Math.abs((out.metrics.mAP as number) - c.expected.voc12.mAP)).toBeLessThan(1e-9);
  });

  it('scores COCO JSON ground truth whose annotations carry "difficult": 1', async () => {
    const d = vocCases.find((x) => x.name === 'mostly-difficult')!;
    let annId = 0;
    const gt = {
      images: d.images.map((im, i) => ({ id: i + 1, file_name: `${im.id}.jpg`, width: im.width, height: im.height })),
      categories: d.classes.map((name, i) => ({ id: 10 * (i + 1), name })),
      annotations: d.images.flatMap((im, i) =>
        im.objects.map((o) => {
          const bbox = fromVocBox(o.bbox as [number, number, number, number]);
          return { id: ++annId, image_id: i + 1, category_id: 10 * (d.classes.indexOf(o.name) + 1), bbox, area: bbox[2] * bbox[3], iscrowd: 0, difficult: o.difficult ? 1 : 0 };
        }),
      ),
    };
    const imageId = new Map(d.images.map((im, i) => [im.id, i + 1]));
    writeFileSync(join(tmp, 'coco-gt.json'), JSON.stringify(gt));
    writeFileSync(join(tmp, 'coco-pred.json'), JSON.stringify(d.detections.map((x) => ({ image_id: imageId.get(x.image_id), category_id: 10 * (d.classes.indexOf(x.category) + 1), bbox: x.bbox, score: x.score }))));
    const out = await evalVoc({ protocol: 'voc07', gt: join(tmp, 'coco-gt.json'), pred: join(tmp, 'coco-pred.json') });
    expect(Math.abs((out.metrics.mAP as number) - d.expected.voc07.mAP)).toBeLessThan(1e-9);
    expect(out.metrics.perClass).toEqual(expect.objectContaining({ tvmonitor: expect.any(Number), sofa: expect.any(Number) }));
  });

  it('names the file and entry of an unknown image or category', async () => {
    const pred = join(tmp, 'voc-bad.json');
    writeFileSync(pred, JSON.stringify([{ image_id: 'nope', category_id: 'bird', bbox: [0, 0, 1, 1], score: 1 }]));
    await expect(evalVoc({ protocol: 'voc12', gt: root, pred })).rejects.toThrow(`${pred}: [0]: Expected a file stem of the annotations`);
    writeFileSync(pred, JSON.stringify([{ image_id: c.images[0].id, category_id: 'unicorn', bbox: [0, 0, 1, 1], score: 1 }]));
    await expect(evalVoc({ protocol: 'voc12', gt: root, pred })).rejects.toThrow('Expected a class name or 1-based class index (1 = aeroplane … 20 = tvmonitor) for category_id but received "unicorn"');
    await expect(evalVoc({ protocol: 'voc10', gt: root, pred })).rejects.toThrow('Unknown protocol "voc10", expected one of: voc07, voc12');
  });
});

describe('eval --task segmentation', () => {
  const expected = (JSON.parse(readFileSync(join(fixtures, 'segmentation/expected.json'), 'utf8')) as { sets: Record<string, { expected: Record<string, number> }> }).sets.palette.expected;

  it('scores folders of index PNGs', async () => {
    const out = await evalSegmentation({ gt: join(fixtures, 'segmentation/palette/gt'), pred: join(fixtures, 'segmentation/palette/pred'), numClasses: '8' });
    expect(out).toMatchObject({ task: 'segmentation', protocol: null });
    expect(Math.abs((out.metrics.mIoU as number) - expected.mIoU)).toBeLessThan(1e-12);
    expect(out.metrics.images).toBe(5);
  });

  it('names both files when a prediction PNG is missing or the wrong size', async () => {
    const pred = join(tmp, 'seg-pred');
    cpSync(join(fixtures, 'segmentation/palette/pred'), pred, { recursive: true });
    writeFileSync(join(pred, 'img_01.png'), encodeGrayPng(3, 2, 8, [0, 0, 0, 0, 0, 0]));
    const gt = join(fixtures, 'segmentation/palette/gt');
    await expect(evalSegmentation({ gt, pred, numClasses: 8 })).rejects.toThrow(new RegExp(`${join(pred, 'img_01.png')}: Expected \\d+×\\d+ pixels like its ground truth ${join(gt, 'img_01.png')} but received 3×2`));
    const partial = join(tmp, 'seg-partial');
    mkdirSync(partial);
    cpSync(join(fixtures, 'segmentation/palette/pred/img_00.png'), join(partial, 'img_00.png'));
    await expect(evalSegmentation({ gt, pred: partial, numClasses: 8 })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', file: join(partial, 'img_01.png') });
  });

  it('refuses a missing or bad --num-classes with the flag named', async () => {
    const dirs = { gt: join(fixtures, 'segmentation/palette/gt'), pred: join(fixtures, 'segmentation/palette/pred') };
    await expect(evalSegmentation(dirs)).rejects.toThrow('Expected integer between 1 and 65536 for --num-classes but received undefined');
    await expect(evalSegmentation({ ...dirs, numClasses: '0' })).rejects.toThrow('Expected integer between 1 and 65536 for --num-classes but received 0 of type number');
    await expect(evalSegmentation({ ...dirs, numClasses: 6 })).rejects.toThrow('Expected a predicted label between 0 and 5 (--num-classes 6)');
  });
});

describe('eval --task depth', () => {
  const reference = JSON.parse(readFileSync(join(fixtures, 'depth/expected.json'), 'utf8')) as { cases: { options: Record<string, unknown>; expected: Record<string, number> }[] };

  it('scores folders of 16-bit PNGs with the Garg crop', async () => {
    const { expected } = reference.cases[0];
    const out = await evalDepth({ gt: join(fixtures, 'depth/gt'), pred: join(fixtures, 'depth/pred'), depthScale: '256', minDepth: '0.001', maxDepth: '80', crop: 'garg' });
    expect(out).toMatchObject({ task: 'depth', protocol: 'garg' });
    for (const [key, value] of Object.entries(expected)) expect(Math.abs((out.metrics[key] as number) - value), key).toBeLessThan(1e-9);
  });

  it('takes the depth scale as run does: kitti is 256 and the default, nyu 1000', async () => {
    const dirs = { gt: join(fixtures, 'depth/gt'), pred: join(fixtures, 'depth/pred'), maxDepth: '80', crop: 'garg' };
    const numeric = await evalDepth({ ...dirs, depthScale: '256' });
    expect((await evalDepth({ ...dirs, depthScale: 'kitti' })).metrics).toEqual(numeric.metrics);
    expect((await evalDepth(dirs)).metrics).toEqual(numeric.metrics);
    expect((await evalDepth({ ...dirs, depthScale: 'nyu' })).metrics).toEqual((await evalDepth({ ...dirs, depthScale: '1000' })).metrics);
  });

  it('refuses an unknown crop and a max depth below the min', async () => {
    const dirs = { gt: join(fixtures, 'depth/gt'), pred: join(fixtures, 'depth/pred') };
    await expect(evalDepth({ ...dirs, crop: 'kitti' })).rejects.toThrow('Expected one of: none, garg, eigen for --crop but received "kitti"');
    await expect(evalDepth({ ...dirs, minDepth: '1', maxDepth: '0.5' })).rejects.toThrow('for --max-depth but received 0.5 of type number');
    await expect(evalDepth({ gt: join(tmp, 'nowhere'), pred: dirs.pred })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});

describe('eval --task classification', () => {
  it('returns task, protocol and metrics', async () => {
    const out = await evalClassification({ gt: join(fixtures, 'classification/labels.csv'), pred: join(fixtures, 'classification/pred-ranked.csv') });
    expect(out).toMatchObject({ task: 'classification', protocol: null, metrics: { top1: 0.6, top5: 0.8 } });
  });
});
