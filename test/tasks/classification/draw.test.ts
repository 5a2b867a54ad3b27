import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/media/decode.js';
import { drawClassification } from '../../../src/tasks/classification/draw.js';
import { getTask } from '../../../src/tasks/index.js';

const classificationTask = getTask('classification');

const chelsea = fileURLToPath(new URL('../../../demo/photos/chelsea.png', import.meta.url));

describe('drawClassification', () => {
  it('writes the top-k labels in a box at the top left, escaping markup in names', async () => {
    const image = await decodeImage(chelsea);
    const drawn = await drawClassification(image, { top: [{ index: 0, label: 'tabby <cat> & "friends"', score: 0.9 }, { index: 3, score: 0.05 }] });
    expect([drawn.width, drawn.height]).toEqual([image.width, image.height]);
    const changed = (x: number, y: number): boolean => [0, 1, 2].some((c) => drawn.data[(y * image.width + x) * 3 + c] !== image.data[(y * image.width + x) * 3 + c]);
    expect(changed(2, 2)).toBe(true);
    expect(changed(image.width - 2, image.height - 2)).toBe(false);
  });
});

describe('classification task', () => {
  it('takes the pristine top-1 as the reference label', () => {
    expect(classificationTask.referenceGroundTruth({ top: [{ index: 4, score: 0.7 }, { index: 1, score: 0.2 }] }, { imageId: 1, width: 1, height: 1 }, 0.5)).toEqual({ label: 4, name: '4' });
    expect(classificationTask.checkPrediction({ top: [] })).toMatch(/at least one class/);
  });
});
