import { describe, expect, it } from 'vitest';
import { actionView } from '../../src/tasks/action/view.js';
import { classificationView } from '../../src/tasks/classification/view.js';
import { depthView } from '../../src/tasks/depth/view.js';
import { detectionView } from '../../src/tasks/detection/view.js';
import { poseView } from '../../src/tasks/pose/view.js';
import { segmentationView } from '../../src/tasks/segmentation/view.js';
import type { Detection } from '../../src/tasks/detection/types.js';
import type { PosePerson } from '../../src/tasks/pose/types.js';
import type { DepthPrediction } from '../../src/tasks/depth/prediction.js';

const box = (categoryId: number, x: number, score = 0.9): Detection => ({ categoryId, bbox: [x, 10, 40, 40], score });

/** A standing person: 17 keypoints spread over a 100 px tall box, every one confident. */
function person(shift = 0): PosePerson {
  const keypoints: number[] = [];
  for (let k = 0; k < 17; k++) keypoints.push(50 + (k % 2 ? 10 : -10) + shift, 20 + k * 5, 0.9);
  return { categoryId: 1, keypoints, score: 0.9 };
}

const labels = (width: number, values: number[]) => ({ width, height: values.length / width, data: Uint8Array.from(values) });

describe('task views: damage in the task\'s own terms', () => {
  it('detection: a confident box with no same-class box at IoU ≥ 0.5 is lost; nothing confident is nothing to lose', () => {
    const pristine = [box(1, 0), box(2, 100)];
    expect(detectionView.damage(pristine, pristine, undefined, { scoreThreshold: 0.5 })).toEqual({ score: 0, why: '0 of 2 confident pristine detections lost or moved (IoU < 0.5)' });
    // The person moved by 30 px (IoU 0.14), the second box changed class: both lost.
    expect(detectionView.damage(pristine, [box(1, 30), box(3, 100)], undefined, { scoreThreshold: 0.5 })?.score).toBe(1);
    expect(detectionView.damage(pristine, [box(1, 5)], undefined, { scoreThreshold: 0.5 })?.why).toBe('1 of 2 confident pristine detections lost or moved (IoU < 0.5)');
    expect(detectionView.damage([box(1, 0, 0.2)], [], undefined, { scoreThreshold: 0.5 })).toBeUndefined();
    expect(detectionView.summary(pristine, { categories: new Map([[1, 'cat'], [2, 'dog']]) })).toBe('2 detections: cat 0.90, dog 0.90');
  });

  it('pose: OKS against the pristine pose; no person is nothing to lose', () => {
    expect(poseView.damage([person()], [person()])?.score).toBeCloseTo(0, 12);
    const moved = poseView.damage([person()], [person(8)])!;
    expect(moved.score).toBeGreaterThan(0.1);
    expect(moved.score).toBeLessThan(1);
    expect(poseView.damage([person()], [])).toEqual({ score: 1, why: 'mean OKS with the pristine pose 0.00 over 1 person (1 below OKS 0.5)' });
    expect(poseView.damage([], [person()])).toBeUndefined();
  });

  it('segmentation: the share of foreground pixels whose label changed; no pristine foreground is nothing to lose', () => {
    const pristine = labels(4, [0, 1, 1, 0, 0, 1, 1, 0]);
    expect(segmentationView.damage(pristine, pristine)?.score).toBe(0);
    // One of the four foreground pixels lost, one background pixel gained: 2 of 5 changed.
    expect(segmentationView.damage(pristine, labels(4, [1, 0, 1, 0, 0, 1, 1, 0]))?.score).toBeCloseTo(0.4, 12);
    expect(segmentationView.damage(labels(4, [0, 0, 255, 0]), labels(4, [1, 1, 1, 1]))).toBeUndefined();
    expect(segmentationView.summary(pristine)).toBe('foreground 50.0 %');
  });

  it('depth: abs rel against the pristine depth after median scaling, so a uniformly scaled map is undamaged', () => {
    const map = (values: number[]): DepthPrediction => ({ width: 2, height: 2, data: Float32Array.from(values), output: 'inverse-relative', alignment: 'median' });
    expect(depthView.damage(map([1, 2, 3, 4]), map([2, 4, 6, 8]))?.score).toBeCloseTo(0, 6);
    expect(depthView.damage(map([1, 2, 3, 4]), map([4, 3, 2, 1]))!.score).toBeGreaterThan(0.3);
    expect(depthView.damage(map([0, 0, 0, 0]), map([1, 1, 1, 1]))).toBeUndefined();
  });

  it('classification and action: a changed top-1 outranks any probability drop; the true class is judged when labelled', () => {
    const top = (a: number, b: number) => ({ top: [{ index: 0, label: 'cat', score: a }, { index: 1, label: 'dog', score: b }].sort((x, y) => y.score - x.score) });
    const kept = classificationView.damage(top(0.9, 0.1), top(0.6, 0.4))!;
    const changed = classificationView.damage(top(0.6, 0.4), top(0.45, 0.55))!;
    expect(kept.score).toBeCloseTo(0.3, 12);
    expect(changed.score).toBeGreaterThan(1);
    expect(changed.why).toBe('top-1 changed from cat to dog; p(cat) 0.600 → 0.450');
    expect(classificationView.damage(top(0.9, 0.1), top(0.6, 0.4), { label: 1, name: 'dog' })!.why).toBe('top-1 kept (cat); p(dog) 0.100 → 0.400');
    const names = { categories: new Map([[0, 'right'], [1, 'down']]) };
    expect(actionView.damage([0.9, 0.1], [0.3, 0.7], { label: 0, name: 'right', splits: [1] }, names)).toEqual({ score: 1.6, why: 'top-1 changed from right to down; p(right) 0.900 → 0.300' });
    expect(actionView.summary([0.2, 0.8], names)).toBe('top-1 down 0.80');
  });

  it('depth draws the image and its colour map side by side, as RGB', async () => {
    const image = { width: 4, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => 10 * i) };
    const drawn = await depthView.draw(image, { width: 4, height: 2, data: Float32Array.from([1, 2, 3, 4, 1, 2, 3, 4]), output: 'metric', alignment: 'none' });
    expect([drawn.width, drawn.height, drawn.data.length]).toEqual([8, 2, 8 * 2 * 3]);
    // Left half: the image's own pixels; right half: Turbo colours (near is red).
    expect(Array.from(drawn.data.subarray(0, 12))).toEqual(Array.from(image.data.subarray(0, 12)));
    const near = drawn.data.subarray(4 * 3, 5 * 3);
    expect(near[0]).toBeGreaterThan(near[2]);
  });

  it('classification and action draw small images enlarged (nearest neighbour, whole factor) so the class list is legible', async () => {
    const digit = { width: 28, height: 28, data: new Uint8Array(28 * 28 * 3).fill(128) };
    const drawn = await classificationView.draw(digit, { top: [{ index: 3, label: 'dress', score: 0.8 }] });
    expect([drawn.width, drawn.height]).toEqual([280, 280]);
    const frame = await actionView.draw({ width: 320, height: 240, data: new Uint8Array(320 * 240 * 3) }, [0.3, 0.7]);
    expect([frame.width, frame.height]).toEqual([320, 240]);
    // The class list's box darkens the corner; the rest keeps its grey.
    expect(drawn.data[(2 * 280 + 2) * 3]).toBeLessThan(100);
    expect(drawn.data[(275 * 280 + 275) * 3]).toBe(128);
  });
});
