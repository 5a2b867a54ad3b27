import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/report/analysis.js';
import { loadResults } from '../../src/report/load.js';
import { classCollapse, describePerClass, modelPerClass, type ModelPerClass } from '../../src/report/per-class.js';
import { writeReport } from '../../src/report/report.js';
import { CocoBboxMetric } from '../../src/tasks/detection/coco-bbox.js';
import type { PerClass } from '../../src/tasks/task.js';
import { constructedResults, type ConstructedCell } from './constructed-results.js';

const TOLERANCE = { kind: 'absolute', amount: 0.01 } as const;

describe('per-class collapse', () => {
  it('judges each class against its own pristine value and lists the largest loss first (by hand)', () => {
    const of = (a: number | null, b: number | null): PerClass => ({ kind: 'class', value: 'IoU', classes: [{ id: '0', name: 'road', value: a }, { id: '1', name: 'car', value: b }] });
    const p = classCollapse(
      of(0.9, 0.8),
      [{ codec: 'jpeg', levels: [{ level: 75, perClass: of(0.895, 0.7) }, { level: 10, perClass: of(0.5, 0.75) }] }],
      TOLERANCE,
      'higher',
    );
    // road: −0.005 at 75 (inside 0.01), −0.4 at 10 → crosses at 10; car: −0.1 at 75 → crosses at 75, loses at most 0.1.
    expect(p.classes.map((k) => [k.name, k.codecs[0].crosses])).toEqual([['road', 10], ['car', 75]]);
    expect(p.classes[0].worstChange).toBeCloseTo(-0.4, 12);
    expect(p.classes[1].worstChange).toBeCloseTo(-0.1, 12);
    expect(p.classes[1].codecs[0].levels.map((l) => l.withinTolerance)).toEqual([false, false]);
  });

  it('puts classes without a pristine value last and never says they cross', () => {
    const of = (a: number | null): PerClass => ({ kind: 'class', value: 'IoU', classes: [{ id: '0', name: 'empty', value: null }, { id: '1', name: 'car', value: a }] });
    const p = classCollapse(of(0.8), [{ codec: 'webp', levels: [{ level: 50, perClass: of(0.8) }] }], TOLERANCE, 'higher');
    expect(p.classes.map((k) => [k.name, k.worstChange, k.codecs[0].crosses])).toEqual([['car', 0, null], ['empty', null, null]]);
    expect(describePerClass({ task: 'segmentation', model: 'm', metric: 'segmentation/IoU', ...p })).toBe('m: no class loses segmentation/IoU at any tested level.');
  });

  it('reads per-category AP from the merged per-sample states of every cell (by hand), into analysis.json and the HTML', async () => {
    // 20 images, a person and a dog in each (50×50, medium), one detection each at score 0.9: found
    // exactly in the first `right` images (person) / `dogs` images (dog), misplaced in the others.
    // With ties in image order, AP of a category found in the first r of n images is the share of
    // the 101 recall thresholds k · 0.01 (np.linspace's values: 95 · 0.01 is just above 0.95) that
    // are ≤ r / n, at every IoU threshold.
    const dogs = new Map<number | null, number>([[null, 20], [90, 19], [50, 18], [10, 18]]);
    const stateOf = (id: number, c: ConstructedCell, i: number) => {
      const m = new CocoBboxMetric();
      const found = (yes: boolean, at: number): [number, number, number, number] => (yes ? [at, at, 50, 50] : [at + 100, at + 100, 20, 20]);
      m.update(
        { imageId: id, detections: [{ categoryId: 1, bbox: found(i < c.right, 10), score: 0.9 }, { categoryId: 18, bbox: found(i < dogs.get(c.level)!, 200), score: 0.9 }] },
        { imageId: id, width: 400, height: 400, objects: [{ id: 2 * id, categoryId: 1, bbox: [10, 10, 50, 50], area: 2500, iscrowd: false }, { id: 2 * id + 1, categoryId: 18, bbox: [200, 200, 50, 50], area: 2500, iscrowd: false }] },
      );
      return m.state();
    };
    const dir = await constructedResults(
      [
        { codec: 'pristine', level: null, right: 20, bpp: null },
        { codec: 'jpeg', level: 90, right: 20, bpp: 2 },
        { codec: 'jpeg', level: 50, right: 16, bpp: 1 },
        { codec: 'jpeg', level: 10, right: 8, bpp: 0.5 },
      ],
      20,
      undefined,
      stateOf,
    );
    const results = await loadResults(dir);
    const analysis = await analyse(results, { bootstrap: { replicates: 10 } });
    const p = (await modelPerClass(results, analysis.models[0], TOLERANCE))!;
    expect(p).toMatchObject({ task: 'detection', model: 'det', metric: 'coco-bbox/AP', kind: 'category' });
    const ap = (r: number) => [...Array(101).keys()].filter((k) => k * 0.01 <= r / 20).length / 101;
    // person loses most (to 41/101 at jpeg 10) though the dog crosses first (95/101 at jpeg 90).
    const [person, dog] = p.classes;
    expect([person.name, dog.name]).toEqual(['person', 'dog']);
    expect(person.pristine).toBeCloseTo(1, 12);
    expect(person.codecs[0].levels.map((l) => l.value)).toEqual([expect.closeTo(1, 12), expect.closeTo(ap(16), 12), expect.closeTo(ap(8), 12)]);
    expect(person.codecs[0].crosses).toBe(50);
    expect(dog.codecs[0].levels.map((l) => l.value)).toEqual([expect.closeTo(ap(19), 12), expect.closeTo(ap(18), 12), expect.closeTo(ap(18), 12)]);
    expect(dog.codecs[0].crosses).toBe(90);
    expect(person.worstChange).toBeCloseTo(ap(8) - 1, 12);
    // Every object is medium: small and large have nothing, medium is the overall AP the table stored.
    const [small, medium, large] = p.sizes!;
    expect([small.name, small.pristine, large.name, large.pristine]).toEqual(['small', null, 'large', null]);
    const stored = results.cells.filter((c) => c.level !== null).map((c) => c.metrics['coco-bbox'].AP);
    expect(medium.codecs[0].levels.map((l) => l.value)).toEqual(stored);

    const files = await writeReport(dir, { visuals: { samples: 0 }, bootstrap: { replicates: 10 } });
    const json = JSON.parse(await readFile(files.analysis, 'utf8')) as { perClass: ModelPerClass[] };
    expect(json.perClass[0].classes.map((k) => [k.name, k.codecs[0].crosses])).toEqual([['person', 50], ['dog', 90]]);
    const html = await readFile(files.html, 'utf8');
    expect(html).toContain('<h2>Where it collapses</h2>');
    expect(html).toContain(describePerClass(p).replace(/'/g, '&#39;'));
  });
});
