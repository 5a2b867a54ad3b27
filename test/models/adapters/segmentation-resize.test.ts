import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../src/media/image.js';
import { segmentationAdapter } from '../../../src/models/adapters/segmentation.js';
import { loadModel } from '../../../src/models/load.js';
import { loadOnnxRuntime } from '../../../src/models/runtimes/onnx.js';
import type { LabelMap } from '../../../src/tasks/segmentation/types.js';
import { writeGraph } from '../onnx-builder.js';
import { pixelLogitsGraph } from './segmentation-graphs.js';

/**
 * Class 0 red, 1 green, 2 blue (each channel − 0.5 on 0–1 pixels), class 3 a constant 0.1: black
 * padding is class 3, so a label map that keeps any padding shows it.
 */
const WEIGHTS = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]];
const BIAS = [-0.5, -0.5, -0.5, 0.1];
const RAW = { scale: 1 / 255, mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number] };

/** Left half red, right half green. */
function redGreen(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[(y * width + x) * 3 + (x < width / 2 ? 0 : 1)] = 255;
  return { width, height, data };
}

function expectRedGreen(map: LabelMap, width: number, height: number): void {
  expect([map.width, map.height]).toEqual([width, height]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = map.data[y * width + x];
      if (x < width / 2 - 2) expect(v).toBe(0);
      else if (x >= width / 2 + 2) expect(v).toBe(1);
      else expect([0, 1]).toContain(v);
    }
  }
}

describe('segmentation resize modes', () => {
  for (const logitsResize of ['nearest', 'bilinear'] as const) {
    it(`pad (logitsResize ${logitsResize}): fits a 64 × 32 image into 32 × 32 on black rows, and none of the padding comes back`, async () => {
      const runtime = await loadOnnxRuntime(writeGraph('seg.onnx', pixelLogitsGraph(WEIGHTS, BIAS)));
      const adapter = segmentationAdapter(runtime, { ...RAW, resize: 'pad', logitsResize });
      const image = redGreen(64, 32);
      const { feeds, transform } = adapter.prepare(image);
      expect(transform).toMatchObject({ scaleX: 0.5, scaleY: 0.5, padLeft: 0, padTop: 8 });
      const input = feeds.image.data as Float32Array;
      expect(Array.from(input.subarray(0, 32 * 8)).every((v) => v === 0)).toBe(true); // red plane, top padding
      expect(input[16 * 32 + 4]).toBe(1); // red plane, the image's left half
      const outputs = await runtime.run(feeds, ['logits']);
      expectRedGreen(adapter.decode(outputs, transform), 64, 32);
      await runtime.dispose();
    });
  }

  it('shorter / longer: feeds each image at its own aspect ratio to a graph of dynamic size', async () => {
    const file = writeGraph('seg-dynamic.onnx', pixelLogitsGraph(WEIGHTS, BIAS, ['width', 'height']));
    for (const [config, image, fed] of [
      [{ resize: 'shorter', resizeSize: 16 }, redGreen(64, 32), [1, 3, 16, 32]],
      [{ resize: 'longer', resizeSize: 16 }, redGreen(64, 32), [1, 3, 8, 16]],
      [{ resize: 'shorter', resizeSize: 20, resample: 'pil-bilinear', logitsResize: 'bilinear' }, redGreen(30, 60), [1, 3, 40, 20]],
    ] as const) {
      const model = await loadModel(file, { task: 'segmentation', config: { ...RAW, ...config } as never });
      const runtime = await loadOnnxRuntime(file);
      const adapter = segmentationAdapter(runtime, { ...RAW, ...config });
      expect(adapter.prepare(image).feeds.image.dims).toEqual(fed);
      expectRedGreen((await model.predict(image)) as LabelMap, image.width, image.height);
      await model.dispose();
      await runtime.dispose();
    }
  });

  it('refuses an aspect-keeping resize for a graph of fixed size, and says what to do', async () => {
    const file = writeGraph('seg.onnx', pixelLogitsGraph(WEIGHTS, BIAS));
    await expect(loadModel(file, { task: 'segmentation', config: { resize: 'shorter' } as never })).rejects.toThrow(
      `${file}: resize: resize "shorter" feeds each image at its own aspect ratio, but input "image" has a fixed size [1, 3, 32, 32]: export with dynamic height and width, or use resize "pad" or "stretch"`,
    );
  });
});
