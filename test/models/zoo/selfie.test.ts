import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/media/decode.js';
import { loadModel } from '../../../src/models/load.js';
import { runSweep } from '../../../src/sweep/run.js';
import type { LabelMap } from '../../../src/tasks/segmentation/types.js';

const photos = fileURLToPath(new URL('../../../demo/photos/', import.meta.url));

/** Share of person pixels in the central fifth (each way) of the image, and overall. */
function shares(p: LabelMap): { centre: number; all: number } {
  let centre = 0;
  let n = 0;
  let all = 0;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const v = p.data[y * p.width + x];
      all += v;
      if (x >= 0.4 * p.width && x < 0.6 * p.width && y >= 0.4 * p.height && y < 0.6 * p.height) {
        centre += v;
        n++;
      }
    }
  }
  return { centre: centre / n, all: all / p.data.length };
}

describe.each(['zoo:selfie', 'zoo:meet'])('%s', (id) => {
  it('labels the astronaut portrait: person over the centre, background elsewhere, at the original size', async () => {
    const model = await loadModel(id, { task: 'segmentation' });
    const image = await decodeImage(join(photos, 'astronaut.png'));
    const p = (await model.predict(image)) as LabelMap;
    await model.dispose();
    expect([p.width, p.height]).toEqual([image.width, image.height]);
    expect(new Set(Array.from(p.data))).toEqual(new Set([0, 1]));
    const s = shares(p);
    expect(s.centre).toBeGreaterThan(0.9);
    expect(s.all).toBeGreaterThan(0.2);
    expect(s.all).toBeLessThan(0.8);
  });
});

describe('segmentation sweep with zoo:selfie in reference mode', () => {
  it('scores the pristine label map perfectly and JPEG 10 below it', async () => {
    const data = await mkdtemp(join(tmpdir(), 'lv-selfie-'));
    for (const f of ['astronaut.png', 'coffee.png']) await copyFile(join(photos, f), join(data, f));
    const result = await runSweep({
      task: 'segmentation', data, models: ['zoo:selfie'], conditions: [{ codec: 'jpeg', level: 50 }, { codec: 'jpeg', level: 10 }],
      seed: 0, referenceThreshold: 0.5, workers: 1, cacheDir: await mkdtemp(join(tmpdir(), 'lv-selfie-cache-')),
    });
    expect(result.reference).toBe('reference: pristine predictions');
    const [pristine, q50, q10] = result.cells.map((c) => c.metrics.segmentation);
    expect([pristine.mIoU, pristine.globalAcc]).toEqual([1, 1]);
    expect(q50.mIoU).toBeLessThan(1);
    expect(q10.mIoU).toBeLessThan(1);
    expect(q10.mIoU).toBeGreaterThan(0.5);
  });
});
