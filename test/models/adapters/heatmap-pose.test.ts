import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createTopDownPoseModel, loadTopDownPoseModel } from '../../../src/models/adapters/heatmap-pose-model.js';
import { loadModel } from '../../../src/models/load.js';
import type { PosePerson } from '../../../src/tasks/pose/types.js';
import { decodeHeatmaps } from '../../../src/models/calculators/heatmap-decode.js';
import { boxToCrop, cropAffine } from '../../../src/models/calculators/person-crop.js';
import { sha256Files } from '../../../src/models/hash-files.js';
import { loadOnnxRuntime } from '../../../src/models/runtimes/onnx.js';
import type { RgbImage } from '../../../src/media/image.js';
import { constantGraph, writeGraph } from '../onnx-builder.js';

const [K, HM_H, HM_W] = [17, 64, 48];

/** Heatmaps [1, 17, 64, 48] with peaks at known places (values exact in float32). */
function heatmaps(): number[] {
  const v = new Array<number>(K * HM_H * HM_W).fill(0);
  const set = (k: number, x: number, y: number, value: number) => { v[k * HM_H * HM_W + y * HM_W + x] = value; };
  // 0: peak (24, 32), right and lower neighbours higher than left and upper: +¼ on both axes.
  set(0, 24, 32, 0.75); set(0, 25, 32, 0.5); set(0, 23, 32, 0.25); set(0, 24, 33, 0.5); set(0, 24, 31, 0.25);
  // 1: on the border column x = 1: no shift.
  set(1, 1, 40, 0.625); set(1, 2, 40, 0.5);
  // 2: nothing positive: (0, 0), score 0.
  // 3: equal neighbours: no shift.
  set(3, 30, 20, 0.875); set(3, 29, 20, 0.5); set(3, 31, 20, 0.5);
  for (let k = 4; k < K; k++) set(k, 10, 10, 0.5);
  return v;
}

async function model(outputs = [{ name: 'heatmaps', dims: [1, K, HM_H, HM_W], values: heatmaps() }]) {
  const file = writeGraph('pose.onnx', constantGraph({ name: 'input', dims: [1, 3, 256, 192] }, outputs));
  const runtime = await loadOnnxRuntime(file, { intraOpNumThreads: 1 });
  return createTopDownPoseModel({ id: file, runtime, filesSha256: await sha256Files([file]) });
}

const image: RgbImage = { width: 300, height: 200, data: new Uint8Array(300 * 200 * 3).fill(90) };

describe('decodeHeatmaps', () => {
  it("follows get_final_preds: argmax, a quarter pixel toward the higher neighbour, not on the border", () => {
    const peaks = decodeHeatmaps(heatmaps(), K, HM_H, HM_W);
    expect(peaks[0]).toEqual({ x: 24.25, y: 32.25, score: 0.75 });
    expect(peaks[1]).toEqual({ x: 1, y: 40, score: 0.625 });
    expect(peaks[2]).toEqual({ x: 0, y: 0, score: 0 });
    expect(peaks[3]).toEqual({ x: 30, y: 20, score: 0.875 });
  });
});

describe('person crops', () => {
  it('grows the box to the input aspect ratio, then by 1.25', () => {
    expect(boxToCrop([0, 0, 300, 200], 0.75)).toEqual({ centerX: 150, centerY: 100, width: 375, height: 500 });
    expect(boxToCrop([10, 20, 30, 80], 0.75)).toEqual({ centerX: 25, centerY: 60, width: 75, height: 100 });
  });

  it('samples the source at centre + (u − outW / 2) · scale, black outside the image', () => {
    const data = new Uint8Array(10 * 10 * 3);
    for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) data.fill(x * 10 + y, (y * 10 + x) * 3, (y * 10 + x) * 3 + 3);
    const out = cropAffine({ width: 10, height: 10, data }, { centerX: 5, centerY: 5, width: 4, height: 4 }, 4, 4);
    expect(out[0]).toBe(33); // (u 0, v 0) ← (3, 3)
    expect(out[(3 * 4 + 2) * 3]).toBe(56); // (u 2, v 3) ← (5, 6)
    const half = cropAffine({ width: 10, height: 10, data }, { centerX: 5.5, centerY: 5, width: 4, height: 4 }, 4, 4);
    expect(half[0]).toBeCloseTo(38, 4); // between (3, 3) = 33 and (4, 3) = 43
    const outside = cropAffine({ width: 10, height: 10, data }, { centerX: -10, centerY: 5, width: 4, height: 4 }, 4, 4);
    expect(outside.every((v) => v === 0)).toBe(true);
  });
});

describe('top-down heatmap pose model (ONNX)', () => {
  it('maps decoded peaks back through the whole-image crop to exact original coordinates', async () => {
    const m = await model();
    expect(m.task).toBe('pose');
    const [person] = await m.predict(image);
    // Crop 375 × 500 centred on (150, 100); heatmap pixel = 375 / 48 = 7.8125 image pixels.
    const at = (x: number, y: number) => [150 + (x - 24) * 7.8125, 100 + (y - 32) * 7.8125];
    expect(person.keypoints.slice(0, 3)).toEqual([...at(24.25, 32.25), 0.75]);
    expect(person.keypoints.slice(3, 6)).toEqual([...at(1, 40), 0.625]);
    expect(person.keypoints.slice(6, 9)).toEqual([...at(0, 0), 0]);
    expect(person.keypoints.slice(9, 12)).toEqual([196.875, 6.25, 0.875]);
    // Score: mean of keypoint scores above 0.2 (16 of 17), × box score 1.
    expect(person.score).toBeCloseTo((0.75 + 0.625 + 0.875 + 13 * 0.5) / 16, 12);
    await m.dispose();
  });

  it('crops each given box and scales its score by the box score', async () => {
    const m = await model();
    const people = await m.predictInBoxes(image, [{ bbox: [100, 50, 60, 80], score: 0.5 }, { bbox: [0, 0, 0, 10] }]);
    expect(people).toHaveLength(1);
    // Crop 75 × 100 centred on (130, 90): 1.5625 image pixels per heatmap pixel.
    expect(people[0].keypoints.slice(0, 2)).toEqual([130 + 0.25 * 1.5625, 90 + 0.25 * 1.5625]);
    expect(people[0].bbox).toEqual([100, 50, 60, 80]);
    expect(people[0].score).toBeCloseTo((0.5 * (0.75 + 0.625 + 0.875 + 13 * 0.5)) / 16, 12);
    await m.dispose();
  });

  it('refuses at load a graph whose output is not one heatmap per keypoint', async () => {
    await expect(model([{ name: 'heatmaps', dims: [1, 5, 8, 6], values: new Array(240).fill(0) }]))
      .rejects.toThrow(/pose\.onnx: output "heatmaps": expected shape \[1, 17, \?, \?\] but found \[1, 5, 8, 6\] \(one heatmap per keypoint\)/);
  });
});

describe('loading a heatmap pose graph', () => {
  const file = () => writeGraph('hrnet.onnx', constantGraph({ name: 'input', dims: [1, 3, 256, 192] }, [{ name: 'heatmaps', dims: [1, K, HM_H, HM_W], values: heatmaps() }]));

  it('loadModel(--task pose) takes a user ONNX graph as a top-down model over the whole image', async () => {
    const m = await loadModel(file(), { task: 'pose', config: { padding: 1.25 } as never });
    const [person] = (await m.predict(image)) as PosePerson[];
    expect(person.keypoints.slice(9, 12)).toEqual([196.875, 6.25, 0.875]);
    expect(JSON.parse(m.provenance.adapter)).toMatchObject({ family: 'heatmap-pose', inputWidth: 192, inputHeight: 256, padding: 1.25 });
    await m.dispose();
    await expect(loadModel(file(), { task: 'pose', config: { pading: 1 } as never })).rejects.toThrow('Unrecognized key: "pading" (fields for format "heatmap": format, inputWidth, inputHeight, keypoints, padding,');
  });

  it('crops the people a detector finds first (zoo:centernet on the astronaut)', async () => {
    const m = await loadTopDownPoseModel(file(), { personDetector: 'zoo:centernet', intraOpNumThreads: 1 });
    const photo = await sharp('demo/photos/astronaut.png').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const astronaut: RgbImage = { width: photo.info.width, height: photo.info.height, data: new Uint8Array(photo.data) };
    const people = await m.predict(astronaut);
    expect(people.length).toBeGreaterThanOrEqual(1);
    const [x, y, w, h] = people[0].bbox!;
    // The person box, and the first keypoint at its crop's centre (+¼ heatmap pixel).
    expect(w * h).toBeGreaterThan(100 * 100);
    const crop = boxToCrop([x, y, w, h], 0.75);
    expect(people[0].keypoints[0]).toBeCloseTo(crop.centerX + 0.25 * (crop.width / HM_W), 9);
    expect(m.provenance.personDetector).toBe('zoo:centernet');
    await m.dispose();
  });
});
