import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectionGroundTruth, parseCocoGroundTruth } from '../../src/datasets/coco/annotations.js';
import { parseCocoDetections } from '../../src/datasets/coco/results.js';
import { getTask } from '../../src/tasks/index.js';
import type { MetricBinding, PerClass } from '../../src/tasks/task.js';
import { loadCases } from './detection/coco-harness.js';

/** What scripts/reference/coco-per-category.py read from pycocotools' eval['precision'] for each bbox case. */
interface PerCategoryVector {
  name: string;
  categoryIds: number[];
  perCategory: Record<string, Record<string, number | null>>;
  perSize: Record<string, number | null>;
}

const vectors = JSON.parse(readFileSync(new URL('../fixtures/coco/per-category.json', import.meta.url), 'utf8')) as PerCategoryVector[];

const bindingOf = (task: 'detection' | 'segmentation' | 'pose', family: string, categories?: ReadonlyMap<number, string>): MetricBinding =>
  getTask(task).createMetrics({ format: 'coco', categories }).find((b) => b.metric.name === family)!;

const box = (id: number, imageId: number, categoryId: number, bbox: [number, number, number, number]) => ({ id, categoryId, bbox, area: bbox[2] * bbox[3], iscrowd: false, imageId });

describe('per-class metric, declared on the task’s metric bindings', () => {
  it('detection: per-category and per-size AP by hand', () => {
    const b = bindingOf('detection', 'coco-bbox', new Map([[1, 'cat'], [2, 'dog']]));
    // Image 1: a 50×50 (medium) cat found exactly → AP 1 at every IoU threshold.
    // Image 2: a 20×20 (small) dog missed → AP 0; a 100×100 (large) cat found at IoU 0.72 →
    // matched at 0.50…0.70 (5 of 10 thresholds) → that image's cat counts half.
    b.metric.update(
      { imageId: 1, detections: [{ categoryId: 1, bbox: [10, 10, 50, 50], score: 0.9 }] },
      { imageId: 1, width: 200, height: 200, objects: [box(1, 1, 1, [10, 10, 50, 50])] },
    );
    b.metric.update(
      { imageId: 2, detections: [{ categoryId: 2, bbox: [150, 150, 20, 20], score: 0.8 }, { categoryId: 1, bbox: [0, 0, 72, 100], score: 0.7 }] },
      { imageId: 2, width: 200, height: 200, objects: [box(2, 2, 2, [0, 120, 20, 20]), box(3, 2, 1, [0, 0, 100, 100])] },
    );
    const p = b.perClass!(b.metric);
    expect(p.kind).toBe('category');
    expect(p.value).toBe('AP');
    const [cat, dog] = p.classes;
    expect(dog).toEqual({ id: '2', name: 'dog', value: 0, sizes: { small: 0, medium: null, large: null } });
    expect(cat.name).toBe('cat');
    // Precision is tp / (tp + fp + ε), as pycocotools divides: 1 comes out as 1 − 2⁻⁵².
    const close = (v: number | null | undefined, want: number) => expect(v).toBeCloseTo(want, 12);
    expect(cat.sizes?.small).toBeNull();
    close(cat.sizes?.medium, 1);
    close(cat.sizes?.large, 0.5);
    // Both cats at thresholds ≤ 0.70 (recall 1, precision 1); at 0.75…0.95 only the first (recall ½):
    // precision 1 up to recall 0.5, 0 beyond → 51 of 101 recall thresholds.
    close(cat.value, (5 * 1 + 5 * (51 / 101)) / 10);
    expect(p.sizes?.small).toBe(0);
    close(p.sizes?.medium, 1);
    close(p.sizes?.large, 0.5);
  });

  for (const c of loadCases('bbox-cases.json')) {
    it(`detection: per-category AP equals pycocotools' on "${c.name}"`, () => {
      const want = vectors.find((v) => v.name === c.name)!;
      const gt = parseCocoGroundTruth(c.gt, `${c.name}.json`);
      const predictions = parseCocoDetections(c.results, `${c.name}-results.json`, gt);
      const b = bindingOf('detection', 'coco-bbox');
      for (const image of gt.images) b.metric.update(predictions.get(image.id)!, detectionGroundTruth(gt, image.id));
      const p = b.perClass!(b.metric);
      const got = new Map(p.classes.map((k) => [k.id, k]));
      for (const [id, areas] of Object.entries(want.perCategory)) {
        const k = got.get(id);
        // pycocotools lists categories no image holds, all −1: absent here, or present and null.
        if (!k) {
          expect(Object.values(areas).every((v) => v === null), `category ${id}`).toBe(true);
          continue;
        }
        // Bit-identical: the same numbers summed in numpy's order.
        expect({ all: k.value, ...k.sizes }, `category ${id}`).toEqual(areas);
      }
      expect(p.classes.every((k) => k.id in want.perCategory)).toBe(true);
      expect({ all: b.values(b.metric.compute()).AP, ...p.sizes }).toEqual(want.perSize);
    });
  }

  it('segmentation: per-class IoU from the confusion matrix by hand', () => {
    const b = bindingOf('segmentation', 'segmentation', new Map([[0, 'road'], [1, 'car'], [2, 'sky']]));
    // Ground truth 0 0 1 1, prediction 0 1 1 1: road TP 1, FN 1 → ½; car TP 2, FP 1 → ⅔; sky never seen.
    b.metric.update({ width: 2, height: 2, data: [0, 1, 1, 1] }, { width: 2, height: 2, data: [0, 0, 1, 1] });
    const p: PerClass = b.perClass!(b.metric);
    expect(p).toEqual({
      kind: 'class',
      value: 'IoU',
      classes: [
        { id: '0', name: 'road', value: 1 / 2 },
        { id: '1', name: 'car', value: 2 / 3 },
        { id: '2', name: 'sky', value: null },
      ],
    });
  });

  it('pose: PCK per keypoint by hand', () => {
    const b = bindingOf('pose', 'pckh@0.5');
    const k = (points: Record<number, [number, number]>, v: number) => {
      const out = new Array<number>(51).fill(0);
      for (const [i, [x, y]] of Object.entries(points)) out.splice(3 * Number(i), 3, x, y, v);
      return out;
    };
    // Ears (3, 4) 20 px apart: radius 10. Nose (0) 9 px off: found; left shoulder (5) 12 px off: missed.
    const truth = { 0: [90, 60], 3: [100, 50], 4: [80, 50], 5: [100, 80] } as Record<number, [number, number]>;
    const guess = { 0: [99, 60], 3: [100, 50], 4: [80, 50], 5: [112, 80] } as Record<number, [number, number]>;
    b.metric.update(
      { imageId: 1, people: [{ categoryId: 1, score: 0.9, keypoints: k(guess, 0.9) }] },
      { imageId: 1, width: 200, height: 200, people: [{ id: 1, categoryId: 1, bbox: [0, 0, 200, 200], area: 40000, iscrowd: false, keypoints: k(truth, 2), numKeypoints: 4 }] },
    );
    const p = b.perClass!(b.metric);
    expect(p.kind).toBe('keypoint');
    expect(p.value).toBe('PCKh@0.5');
    expect(p.classes).toHaveLength(17);
    expect(p.classes.slice(0, 6)).toEqual([
      { id: '0', name: 'nose', value: 1 },
      { id: '1', name: 'left_eye', value: null },
      { id: '2', name: 'right_eye', value: null },
      { id: '3', name: 'left_ear', value: 1 },
      { id: '4', name: 'right_ear', value: 1 },
      { id: '5', name: 'left_shoulder', value: 0 },
    ]);
  });
});
