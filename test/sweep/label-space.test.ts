import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LossyvisionError } from '../../src/errors.js';
import { runSweep } from '../../src/sweep/run.js';
import type { SweepConfig } from '../../src/sweep/plan.js';
import { COCO_LABELS, mapLabelSpace, nameKey, VOC_LABELS } from '../../src/tasks/detection/label-space.js';
import { VOC_CLASSES } from '../../src/datasets/voc/classes.js';
import { FIXED_DETECTIONS } from '../fixtures/sweep/fixed-detector.js';

const photo = fileURLToPath(new URL('../../demo/photos/chelsea.png', import.meta.url));
const fixedDetector = fileURLToPath(new URL('../fixtures/sweep/fixed-detector.ts', import.meta.url));

/** The ground truth: the detector's own person, cat and dog boxes (its laptop has no ground truth). */
const OBJECTS = [
  { name: 'cat', bbox: FIXED_DETECTIONS[0].bbox },
  { name: 'person', bbox: FIXED_DETECTIONS[1].bbox },
  { name: 'dog', bbox: FIXED_DETECTIONS[2].bbox },
];

let coco: string;
let renumbered: string;
let translated: string;
let voc: string;

/** The same image and boxes as a COCO instances file, with the given category ids (and names, when given). */
async function writeCoco(dir: string, ids: Record<string, number>, names: Record<string, string> = {}): Promise<void> {
  await mkdir(join(dir, 'images'), { recursive: true });
  await mkdir(join(dir, 'annotations'), { recursive: true });
  await copyFile(photo, join(dir, 'images', 'chelsea.png'));
  const json = {
    images: [{ id: 1, file_name: 'chelsea.png', width: 451, height: 300 }],
    categories: Object.entries(ids).map(([name, id]) => ({ id, name: names[name] ?? name })),
    annotations: OBJECTS.map((o, i) => ({ id: i + 1, image_id: 1, category_id: ids[o.name], bbox: o.bbox, area: o.bbox[2] * o.bbox[3], iscrowd: 0 })),
  };
  await writeFile(join(dir, 'annotations', 'instances_val.json'), JSON.stringify(json));
}

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'lv-label-space-'));
  coco = join(base, 'coco');
  await writeCoco(coco, { person: 1, cat: 17, dog: 18 });
  // A COCO-format dataset numbered its own way: cat 1, dog 2, person 3.
  renumbered = join(base, 'renumbered');
  await writeCoco(renumbered, { cat: 1, dog: 2, person: 3 });
  // COCO's own ids, other names (a translated copy): no name in common, every id one of COCO's.
  translated = join(base, 'translated');
  await writeCoco(translated, { cat: 17, dog: 18, person: 1 }, { cat: 'Katze', dog: 'Hund', person: 'Mensch' });
  // Pascal VOC layout: devkit class order (cat 8, dog 12, person 15), 1-based inclusive boxes.
  voc = join(base, 'voc');
  await mkdir(join(voc, 'Annotations'), { recursive: true });
  await mkdir(join(voc, 'JPEGImages'), { recursive: true });
  await copyFile(photo, join(voc, 'JPEGImages', 'chelsea.png'));
  const objects = OBJECTS.map(
    ({ name, bbox: [x, y, w, h] }) =>
      `<object><name>${name}</name><difficult>0</difficult><bndbox><xmin>${x + 1}</xmin><ymin>${y + 1}</ymin><xmax>${x + w}</xmax><ymax>${y + h}</ymax></bndbox></object>`,
  );
  await writeFile(join(voc, 'Annotations', 'chelsea.xml'), `<annotation><filename>chelsea.png</filename><size><width>451</width><height>300</height><depth>3</depth></size>${objects.join('')}</annotation>`);
});

const config = async (data: string, model: string): Promise<SweepConfig> => ({
  task: 'detection',
  data,
  models: [model],
  conditions: [{ codec: 'jpeg', level: 90 }],
  seed: 0,
  referenceThreshold: 0.5,
  workers: 1,
  cacheDir: await mkdtemp(join(tmpdir(), 'lv-label-space-cache-')),
  modelLoader: fixedDetector,
});

describe('label spaces', () => {
  it('maps class names across COCO and VOC spellings', () => {
    expect(nameKey('dining table')).toBe(nameKey('diningtable'));
    expect(nameKey('airplane')).toBe(nameKey('aeroplane'));
    expect(nameKey('TV')).toBe(nameKey('tvmonitor'));
    const mapping = mapLabelSpace({ id: 'zoo:centernet', labels: COCO_LABELS }, { name: 'VOC', categories: new Map(VOC_LABELS.classes as [number, string][]) });
    // Every one of VOC's 20 classes is one of COCO's 80.
    expect(mapping.map.size).toBe(20);
    expect(mapping.missing).toEqual([]);
    expect(mapping.extra).toBe(60);
    expect(mapping.map.get(1)).toBe(VOC_CLASSES.indexOf('person') + 1);
    expect(mapping.map.get(5)).toBe(VOC_CLASSES.indexOf('aeroplane') + 1);
    expect(mapping.map.get(63)).toBe(VOC_CLASSES.indexOf('sofa') + 1);
  });

  it('gives the same AP for the same image and boxes in COCO and in VOC layout', async () => {
    const asCoco = await runSweep(await config(coco, 'fixed-coco'));
    const asVoc = await runSweep(await config(voc, 'fixed-coco'));
    const asRenumbered = await runSweep(await config(renumbered, 'fixed-coco'));
    for (const r of [asCoco, asVoc, asRenumbered]) {
      expect(r.failures).toEqual([]);
      expect(r.cells[0].metrics['coco-bbox'].AP).toBeCloseTo(1, 12);
    }
    expect(asVoc.cells[0].metrics.voc07.mAP).toBeCloseTo(1, 12);
    // Every number of every cell agrees: the mapping changes ids, never boxes or scores.
    expect(asVoc.cells.map((c) => c.metrics['coco-bbox'])).toEqual(asCoco.cells.map((c) => c.metrics['coco-bbox']));
    expect(asRenumbered.cells.map((c) => c.metrics['coco-bbox'])).toEqual(asCoco.cells.map((c) => c.metrics['coco-bbox']));
    expect(asVoc.notes!.join('\n')).toMatch(/fixed-coco: its COCO classes are mapped onto the voc dataset \S+ categories by class name \(20 in common\); 60 of its classes are not in the dataset/);
    expect(asVoc.warnings).toEqual([]);
  });

  it('takes COCO ids as they are, with a warning, when a COCO-numbered dataset names its classes otherwise', async () => {
    const r = await runSweep(await config(translated, 'fixed-coco'));
    expect(r.cells[0].metrics['coco-bbox'].AP).toBeCloseTo(1, 12);
    expect(r.warnings).toEqual([expect.stringMatching(/^no category name of the coco dataset \S+ is one of fixed-coco's COCO classes, but every category id is one of its ids: categories are taken by id as COCO numbers them \(person = 1, /)]);
  });

  it('refuses a model whose classes cannot be mapped onto the dataset\'s, naming both, before any sample', async () => {
    const cfg = await config(voc, 'fixed-widgets');
    const error = await runSweep(cfg).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LossyvisionError);
    expect((error as LossyvisionError).code).toBe('MODEL_OUTPUT');
    expect((error as Error).message).toMatch(/^fixed-widgets: the model answers in the classes of widgets \(4 classes: widget, gadget, gizmo, doohickey\), which cannot be mapped onto the dataset voc dataset \S+'s \(aeroplane, bicycle, .* \(20 in all\)\): no class name in common/);
  });

  it('warns when a model scores 0 on every pristine sample of labelled data', async () => {
    // No label space declared: its COCO ids are taken as the dataset's own (cat 1, dog 2, person 3), all wrong.
    const r = await runSweep(await config(renumbered, 'fixed-unlabelled'));
    expect(r.cells[0].metrics['coco-bbox'].AP).toBe(0);
    expect(r.warnings).toEqual([expect.stringMatching(/^fixed-unlabelled scores 0 on all 1 pristine samples of this labelled dataset: check that its classes/)]);
  });
});
