import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/sweep/run.js';
import type { SweepConfig } from '../../src/sweep/plan.js';

const clip = fileURLToPath(new URL('../fixtures/video/vtest-10.avi', import.meta.url));
const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));
const fast = { preset: 'ultrafast' };

let data: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'lv-video-sweep-'));
  await copyFile(clip, join(data, 'walk.avi'));
  // The same real clip cut in half: a corrupt video is one failed sample, the run goes on.
  const bytes = await readFile(clip);
  await writeFile(join(data, 'cut.avi'), bytes.subarray(0, Math.floor(bytes.length / 2)));
});

const config = async (overrides: Partial<SweepConfig> = {}): Promise<SweepConfig> => ({
  task: 'detection',
  data,
  models: ['grid'],
  conditions: [
    { codec: 'h264', level: 30, params: fast },
    { codec: 'h264', level: 45, params: fast },
    { codec: 'jpeg', level: 30 },
  ],
  seed: 0,
  referenceThreshold: 0.5,
  workers: 1,
  cacheDir: await mkdtemp(join(tmpdir(), 'lv-video-cache-')),
  modelLoader: gridModel,
  video: { frameStride: 3 },
  ...overrides,
});

describe('runVideoSweep (through runSweep)', () => {
  it('scores every 3rd frame under H.264 and per-frame JPEG, records the corrupt video, and serves a rerun from the cache', async () => {
    const cfg = await config();
    const cold = await runSweep(cfg);
    expect(cold.conditions.map((c) => `${c.codec}:${c.level}`)).toEqual(['pristine:null', 'h264:30', 'h264:45', 'jpeg:30']);
    expect(cold.reference).toBe('reference: pristine predictions');
    // walk.avi: frames 0, 3, 6, 9 of 10; cut.avi: one failed sample.
    expect(cold.stats.samples).toBe(5);
    expect(cold.failures).toHaveLength(1);
    expect(cold.failures[0]).toMatchObject({ sampleId: 'cut.avi', cell: -1 });
    expect(cold.failures[0].reason).toMatch(/cut\.avi/);
    for (const cell of cold.cells) expect([cell.n, cell.failures]).toEqual([4, 1]);
    // 2 whole-video encodes + 4 JPEG frames; 4 frames × 4 conditions predicted.
    expect(cold.stats.computed).toEqual({ encodes: 6, predictions: 16 });

    const [pristine, crf30, crf45, jpeg] = cold.cells;
    expect(pristine.metrics['coco-bbox'].AP).toBe(1);
    expect(pristine.meanBpp).toBeNull();
    const streams = cold.streams!;
    expect(streams.map((s) => `${s.video} ${s.codec}:${s.level} ${s.frames}`)).toEqual(['walk.avi h264:30 10', 'walk.avi h264:45 10', 'walk.avi jpeg:30 4']);
    // bpp of a video level is the exact stream figure: payload bits over all pixels of all frames.
    expect(crf30.meanBpp).toBeCloseTo((8 * streams[0].bytes) / (768 * 576 * 10), 12);
    expect(streams[0].kbps).toBeCloseTo((streams[0].bytes * 8) / 1 / 1000, 9); // 10 frames at 10 fps = 1 s
    expect(streams[0].sourceLossy).toBe(true);
    expect(crf30.meanBpp!).toBeGreaterThan(crf45.meanBpp!);
    expect(crf30.meanPsnr!).toBeGreaterThan(crf45.meanPsnr!);
    expect(jpeg.meanBpp).toBeCloseTo(streams[2].bpp, 12);
    // The toy detector reacts to compression: CRF 45 does not reproduce the pristine boxes.
    expect(crf45.metrics['coco-bbox'].AP!).toBeLessThan(1);

    const warm = await runSweep(cfg);
    expect(warm.stats.computed).toEqual({ encodes: 0, predictions: 0 });
    expect(warm.cells.map((c) => ({ ...c, cell: c.cell.index }))).toEqual(cold.cells.map((c) => ({ ...c, cell: c.cell.index })));
    expect(warm.streams).toEqual(cold.streams);

    // A new stride reuses the pristine decode record but needs the frames it never scored.
    const denser = await runSweep({ ...cfg, video: { frameStride: 2 } });
    expect(denser.stats.samples).toBe(6);
    expect(denser.stats.computed.predictions).toBeLessThan(5 * 4);
  }, 120_000);

  it('scores against MOTChallenge ground truth beside the video', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-video-mot-'));
    await copyFile(clip, join(dir, 'walk.avi'));
    // Two pedestrians in every frame, one ignored (conf 0) region.
    const lines: string[] = [];
    for (let f = 1; f <= 10; f++) lines.push(`${f},1,380,90,60,170,1,1,1`, `${f},2,600,300,50,150,1,1,1`, `${f},3,0,0,100,100,0,1,1`);
    await writeFile(join(dir, 'walk.gt.txt'), `${lines.join('\n')}\n`);
    const result = await runSweep(await config({ data: join(dir, 'walk.avi'), conditions: [{ codec: 'h264', level: 40, params: fast }], video: { frameStride: 5, maxFrames: 6 } }));
    expect(result.reference).toBeUndefined();
    expect(result.provenance.dataset.format).toBe('mot');
    expect(result.stats.samples).toBe(2); // frames 0 and 5 of the first 6
    expect(result.streams![0].frames).toBe(6);
    for (const cell of result.cells) {
      expect(cell.n).toBe(2);
      const ap = cell.metrics['coco-bbox'].AP;
      // Ground truth exists in every frame, so AP is defined (not null) and a real fraction.
      expect(typeof ap).toBe('number');
      expect(ap!).toBeGreaterThanOrEqual(0);
      expect(ap!).toBeLessThanOrEqual(1);
    }
    expect(result.provenance.codecs.h264).toMatchObject({ preset: 'ultrafast', rc: 'crf' });
    expect(result.provenance.codecs.h264.encoder).toMatch(/^libx264/);
  }, 60_000);

  it('records a codec the ffmpeg cannot run as failed cells, not a stopped run', async () => {
    const result = await runSweep(
      await config({ data: clip, conditions: [{ codec: 'h264', level: 30, params: { preset: 'ultrafast', pixfmt: 'yuv444p', gop: 1, bframes: 0 } }, { codec: 'vp9', level: 70 }] }),
    );
    const [pristine, h264, vp9] = result.cells;
    expect([pristine.n, h264.n, vp9.n]).toEqual([4, 4, 0]);
    expect(vp9.failures).toBe(4);
    expect(result.failures.every((f) => f.condition === 'vp9:70' && /crf/.test(f.reason))).toBe(true);
  }, 60_000);
});
