import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionTable, runActionSweep, storeActionResults, type ActionSweepConfig } from '../../src/sweep/action-run.js';
import { linearMeanGraph } from '../models/adapters/video-graphs.js';
import { movingPatch, writeLosslessVideo } from '../tasks/action/clip-fixtures.js';

const RED: [number, number, number] = [1.4, 1, 0.5];
const BLUE: [number, number, number] = [0.5, 1, 1.4];
const L = 3;

let root: string;
let modelFile: string;

/** Two classes by motion; the tint agrees with the class in half of the videos, so only the temporal stream can be always right. */
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lossyvision-action-'));
  const videos: [string, number, number, [number, number, number]][] = [
    ['right/v_right_g01_c01.mkv', 2, 0, RED],
    ['right/v_right_g02_c01.mkv', 2, 0, BLUE],
    ['down/v_down_g01_c01.mkv', 0, 2, BLUE],
    ['down/v_down_g02_c01.mkv', 0, 2, RED],
  ];
  for (const [file, dx, dy, tint] of videos) await writeLosslessVideo(join(root, file), await movingPatch({ size: 32, frames: 10, dx, dy, tint }));
  await mkdir(join(root, 'broken'), { recursive: true });
  writeFileSync(join(root, 'right', 'v_right_g03_c01.mkv'), 'not a video');
  writeFileSync(join(root, 'classInd.txt'), '1 right\n2 down\n');
  writeFileSync(join(root, 'testlist01.txt'), `${videos.map((v) => v[0]).join('\n')}\nright/v_right_g03_c01.mkv\n`);
  writeFileSync(join(root, 'testlist02.txt'), `${videos[0][0]}\n${videos[2][0]}\n`);
  writeFileSync(join(root, 'spatial.onnx'), linearMeanGraph([1, 3, 32, 32], [2, 3], [[1, -1], [0, 0], [-1, 1]]));
  writeFileSync(join(root, 'temporal.onnx'), linearMeanGraph([1, 2 * L, 32, 32], [2, 3], Array.from({ length: 2 * L }, (_, c) => (c % 2 === 0 ? [10, -10] : [-10, 10]))));
  modelFile = join(root, 'two-stream.json');
  writeFileSync(modelFile, JSON.stringify({ spatial: { model: 'spatial.onnx', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] }, temporal: { model: 'temporal.onnx' } }));
}, 60_000);

describe('runActionSweep', () => {
  it('scores spatial, temporal and fusion per split under video and per-frame image codecs, from the cache on a rerun', async () => {
    const config: ActionSweepConfig = {
      data: root,
      model: modelFile,
      modelOptions: { intraOpNumThreads: 1 },
      conditions: [{ codec: 'h264', level: 23 }, { codec: 'jpeg', level: 50 }],
      clips: 2,
      cacheDir: join(root, 'cache'),
    };
    const result = await runActionSweep(config);
    expect(result.classes).toEqual(['right', 'down']);
    expect(result.splits).toEqual([1, 2]);
    const [pristine, h264, jpeg] = result.cells;
    expect(pristine.condition.codec).toBe('pristine');
    expect(pristine.metrics.temporal.top1).toBe(1);
    expect(pristine.metrics.spatial.splits['1']).toMatchObject({ top1: 0.5, videos: 4 });
    // Split 2 holds the two videos whose tint agrees with the motion.
    expect(pristine.metrics.spatial.splits['2']).toMatchObject({ top1: 1, videos: 2 });
    expect(pristine.metrics.spatial.top1).toBe(0.75);
    expect(pristine.meanBpp).toBeNull();
    expect(h264.metrics.temporal.top1).toBe(1);
    expect(h264.meanBpp).toBeGreaterThan(0);
    expect(h264.meanPsnr).toBeGreaterThan(28);
    expect([pristine.n, pristine.failures, h264.n, h264.failures]).toEqual([4, 1, 4, 1]);
    // JPEG on each sampled frame: its own bpp, the same videos.
    expect(jpeg.condition).toMatchObject({ codec: 'jpeg', level: 50 });
    expect(jpeg.meanBpp).toBeGreaterThan(0);
    expect([jpeg.n, jpeg.failures]).toEqual([4, 1]);
    expect(result.failures).toHaveLength(3);
    expect(result.failures[0]).toMatchObject({ video: 'right/v_right_g03_c01.mkv', condition: 'pristine' });
    expect(result.stats.computed).toBe(12);

    const again = await runActionSweep(config);
    expect(again.stats).toMatchObject({ computed: 0, cached: 12 });
    expect(again.cells.map((c) => c.metrics)).toEqual(result.cells.map((c) => c.metrics));

    const table = actionTable(result);
    expect(table.columns).toEqual(['spatial top1', 'spatial top5', 'temporal top1', 'temporal top5', 'fusion top1', 'fusion top5']);
    const out = join(root, 'out');
    const files = await storeActionResults(result, out);
    expect(readFileSync(files.table, 'utf8')).toMatch(/two-stream\.json \| h264 \| 23 \| 0\.750 \| 1\.000 \| 1\.000 \| 1\.000 \|/);
  }, 120_000);

  it('records a model whose scores do not match the classes as failed videos, and refuses missing classes', async () => {
    writeFileSync(join(root, 'three.onnx'), linearMeanGraph([1, 3, 2, 32, 32], [2, 3, 4], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]));
    const base = { data: root, conditions: [], cacheDir: join(root, 'cache3'), maxVideos: 2, modelOptions: { intraOpNumThreads: 1 } };
    const result = await runActionSweep({ ...base, model: join(root, 'three.onnx') });
    expect(result.cells[0]).toMatchObject({ n: 0, failures: 2 });
    expect(result.failures[0].reason).toContain('Expected 2 class scores (one per class) from the rgb stream but received 3');
    writeFileSync(join(root, 'three.json'), JSON.stringify({ model: 'three.onnx', classes: ['right', 'up', 'left'] }));
    await expect(runActionSweep({ ...base, model: join(root, 'three.json') })).rejects.toThrow("Expected the model's classes to include every dataset class but down are missing");
  }, 60_000);
});
