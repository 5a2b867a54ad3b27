import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readScalarPng } from '../../../src/media/png16.js';
import { loadModel } from '../../../src/models/load.js';
import { runSweep } from '../../../src/sweep/run.js';
import type { LabelMap } from '../../../src/tasks/segmentation/types.js';
import { constantGraph, writeGraph } from '../onnx-builder.js';
import { pixelLogitsGraph } from './segmentation-graphs.js';

const masks = fileURLToPath(new URL('../../fixtures/datasets/masks/', import.meta.url));

/** Left half pure red, right half pure blue. */
function redBlue(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[(y * width + x) * 3 + (x < width / 2 ? 0 : 2)] = 255;
  return { width, height, data };
}

describe('segmentation adapter', () => {
  it('argmaxes [1, C, H, W] logits and resizes the labels to the original size with nearest neighbour', async () => {
    // Identity 1×1 conv: the class is the channel that is largest after ImageNet normalisation.
    const file = writeGraph('seg.onnx', pixelLogitsGraph([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0]));
    const model = await loadModel(file, { task: 'segmentation' });
    expect(model.task).toBe('segmentation');
    const p = (await model.predict(redBlue(40, 30))) as LabelMap;
    expect([p.width, p.height, p.data.length]).toEqual([40, 30, 1200]);
    for (let y = 0; y < 30; y++) {
      for (let x = 0; x < 40; x++) {
        const v = p.data[y * 40 + x];
        if (x < 18) expect(v).toBe(0);
        else if (x >= 22) expect(v).toBe(2);
        else expect([0, 2]).toContain(v);
      }
    }
    await model.dispose();
  });

  it('takes already-argmaxed [1, H, W] labels (int64) and thresholds one score channel', async () => {
    const labels = writeGraph('labels.onnx', constantGraph({ name: 'image', dims: [1, 3, 8, 8] }, [{ name: 'out', dims: [1, 2, 2], values: [0, 1, 2, 3], type: 'int64' }]));
    const model = await loadModel(labels, { task: 'segmentation' });
    const p = (await model.predict({ width: 4, height: 4, data: new Uint8Array(48) })) as LabelMap;
    expect(Array.from(p.data)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
    await model.dispose();

    const scores = writeGraph('score.onnx', constantGraph({ name: 'image', dims: [1, 3, 8, 8] }, [{ name: 'out', dims: [1, 1, 1, 2], values: [0.2, 0.7] }]));
    const single = await loadModel(scores, { task: 'segmentation' });
    const q = (await single.predict({ width: 4, height: 1, data: new Uint8Array(12) })) as LabelMap;
    expect(Array.from(q.data)).toEqual([0, 0, 1, 1]);
    await single.dispose();
  });

  it('fails at load naming the output, the expected and the found shape', async () => {
    const file = writeGraph('bad.onnx', constantGraph({ name: 'image', dims: [1, 3, 8, 8] }, [{ name: 'scores', dims: [1, 5], values: [0, 0, 0, 0, 0] }]));
    await expect(loadModel(file, { task: 'segmentation' })).rejects.toThrow(
      `${file}: output "scores": expected shape [1, C, H, W] (logits or C = 1 scores) or [1, H, W] (labels) but found [1, 5]`,
    );
    const conv = writeGraph('seg.onnx', pixelLogitsGraph([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0]));
    await expect(loadModel(conv, { task: 'segmentation', config: { numClasses: 21 } as never })).rejects.toThrow(
      'expected shape [1, C, H, W] (logits or C = 1 scores) or [1, H, W] (labels) with C = 21 (numClasses) but found [1, 3, 32, 32]',
    );
    await expect(loadModel(conv, { task: 'segmentation', config: { layuot: 'nhwc' } as never })).rejects.toThrow(/layuot/);
  });
});

describe('segmentation sweep on a labelled mask folder', () => {
  it('scores a model that answers class 0 everywhere with the confusion-matrix values counted from the masks', async () => {
    // Logits [1, 3, 1, 1] favouring class 0: every pixel of every image is labelled 0.
    const file = writeGraph('zero.onnx', constantGraph({ name: 'image', dims: [1, 3, 16, 16] }, [{ name: 'logits', dims: [1, 3, 1, 1], values: [5, 1, 0] }]));
    const result = await runSweep({
      task: 'segmentation', data: masks, models: [file], conditions: [{ codec: 'jpeg', level: 50 }],
      seed: 0, referenceThreshold: 0.5, workers: 1, cacheDir: await mkdtemp(join(tmpdir(), 'lv-seg-cache-')),
    });
    expect(result.reference).toBeUndefined();
    // Expected, counted straight from the two masks: class → ground-truth pixels (255 ignored).
    const counts = new Map<number, number>();
    for (const f of ['chelsea.png', 'coffee.png']) {
      for (const v of (await readScalarPng(join(masks, 'masks', f))).data) if (v !== 255) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const zeros = counts.get(0)!;
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 8]);
    // masks/orphan.png has no image: one failed sample, recorded, the sweep goes on.
    expect(result.failures.map((f) => f.sampleId)).toEqual(['orphan']);
    for (const cell of result.cells) {
      expect([cell.n, cell.failures]).toEqual([2, 1]);
      const m = cell.metrics.segmentation;
      expect(m.globalAcc).toBeCloseTo(zeros / total, 12);
      expect(m.meanAcc).toBeCloseTo(1 / 4, 12); // class 0 all right, classes 1, 2, 8 all wrong
      expect(m.mIoU).toBeCloseTo(zeros / total / 4, 12); // IoU(0) = zeros / all pixels predicted 0
      expect(m['IoU 8']).toBe(0);
    }
    expect(result.columns.map((c) => c.value)).toEqual(['globalAcc', 'meanAcc', 'mIoU']);
  });
});
