import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/media/decode.js';
import { encodePng } from '../../../src/media/encode-png.js';
import { classColour, drawSegmentation } from '../../../src/tasks/segmentation/draw.js';
import { getTask } from '../../../src/tasks/index.js';

const segmentationTask = getTask('segmentation');

describe('drawSegmentation', () => {
  it('blends each class colour at the given opacity and leaves background and ignore unpainted', async () => {
    const image = { width: 4, height: 1, data: new Uint8Array([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]) };
    const drawn = drawSegmentation(image, { width: 4, height: 1, data: new Uint8Array([0, 1, 2, 255]) }, { opacity: 0.5 });
    const [r1, g1, b1] = classColour(1);
    const [r2, g2, b2] = classColour(2);
    expect(Array.from(drawn.data)).toEqual([
      100, 100, 100,
      Math.round(50 + r1 / 2), Math.round(50 + g1 / 2), Math.round(50 + b1 / 2),
      Math.round(50 + r2 / 2), Math.round(50 + g2 / 2), Math.round(50 + b2 / 2),
      100, 100, 100,
    ]);
    expect(classColour(1)).not.toEqual(classColour(2));
    // Through PNG and back: lossless, the drawing survives exactly.
    const back = await decodeImage(await encodePng(drawn));
    expect(Array.from(back.data)).toEqual(Array.from(drawn.data));
  });

  it('refuses a label map of another size', () => {
    expect(() => drawSegmentation({ width: 2, height: 1, data: new Uint8Array(6) }, { width: 1, height: 1, data: [0] })).toThrow('label map is 1×1 but the image is 2×1');
  });
});

describe('segmentation task', () => {
  it('checks that a prediction is a whole label map', () => {
    expect(segmentationTask.checkPrediction({ width: 2, height: 2, data: new Uint8Array(4) })).toBeUndefined();
    expect(segmentationTask.checkPrediction({ width: 2, height: 2, data: new Uint8Array(3) })).toBe('expected 2×2 = 4 labels but received 3');
    expect(segmentationTask.checkPrediction([])).toMatch(/expected a label map/);
  });
});
