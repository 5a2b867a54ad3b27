import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCodecLevels } from '../../src/codecs/levels.js';
import { openUcf101 } from '../../src/datasets/ucf101.js';
import { MOVING_OBJECTS_CLASSES, renderMovingObjects, writeMovingObjects } from '../../src/datasets/synthetic/moving-objects.js';
import { loadTextureSources } from '../../src/datasets/synthetic/textured-shapes.js';
import type { RgbImage } from '../../src/media/image.js';
import { layersTwoStreamModel } from '../../src/models/adapters/layers-two-stream.js';
import { loadActionClips } from '../../src/retrain/action-data.js';
import { buildReferenceTwoStream } from '../../src/retrain/architectures/two-stream.js';
import { twoStreamShape } from '../../src/models/layers/shape.js';
import { trainingLevels } from '../../src/retrain/augment.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { clipFrames, twoStreamInputs } from '../../src/models/layers/clips.js';
import { compressClips } from '../../src/retrain/compress-clips.js';
import { runRetrainStudy } from '../../src/retrain/study.js';
import { actionRetrainTask } from '../../src/retrain/tasks/action.js';
import { trainModel } from '../../src/retrain/train.js';
import { findFfmpeg } from '../../src/video/ffmpeg.js';
import { decodeFrames } from '../../src/video/frames.js';
import { probeVideo } from '../../src/video/probe.js';

let dir: string;
let sources: RgbImage[];
const SIZE = 16;
const FRAMES = 4;

beforeAll(async () => {
  await initTrainingBackend();
  dir = await mkdtemp(join(tmpdir(), 'lv-action-'));
  sources = await loadTextureSources();
  await writeMovingObjects({ out: join(dir, 'data'), train: 16, test: 8, seed: 5, size: SIZE, frames: FRAMES });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Centroid, area and orientation (second moments, y down) of a mask. */
function moments(mask: Uint8Array, size: number): { x: number; y: number; area: number; angle: number } {
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) { n++; sx += i % size; sy += Math.floor(i / size); }
  const x = sx / n, y = sy / n;
  let xx = 0, yy = 0, xy = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) { const dx = (i % size) - x, dy = Math.floor(i / size) - y; xx += dx * dx; yy += dy * dy; xy += dx * dy; }
  return { x, y, area: n, angle: 0.5 * Math.atan2(2 * xy, xx - yy) };
}

describe('moving objects (generated action clips)', () => {
  it('labels every clip with the motion its masks show: direction of travel, growth, turning', () => {
    for (let index = 0; index < 64; index++) {
      const clip = renderMovingObjects(sources, 11, index, { size: 48, frames: 8 });
      expect(clip.name).toBe(MOVING_OBJECTS_CLASSES[clip.label]);
      const m = clip.masks.map((mask) => moments(mask, 48));
      const first = m[0], last = m[m.length - 1];
      const dx = last.x - first.x, dy = last.y - first.y, grow = last.area / first.area;
      // Turning, frame by frame (orientation is defined modulo π).
      const turn = m.slice(1).reduce((s, cur, t) => { let d = cur.angle - m[t].angle; while (d > Math.PI / 2) d -= Math.PI; while (d < -Math.PI / 2) d += Math.PI; return s + d; }, 0);
      const moved = { MoveRight: dx > 5, MoveLeft: dx < -5, MoveDown: dy > 5, MoveUp: dy < -5, Approach: grow > 1.3, Recede: grow < 1 / 1.3, TurnClockwise: turn > 0.5, TurnAnticlockwise: turn < -0.5 };
      for (const [name, yes] of Object.entries(moved)) expect(yes, `clip ${index} (${clip.name}): ${name} dx ${dx} dy ${dy} grow ${grow} turn ${turn}`).toBe(name === clip.name);
      // The object never leaves the frame.
      for (const mask of clip.masks) expect(mask.reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
    }
  });

  it('is a function of (seed, index)', () => {
    const a = renderMovingObjects(sources, 3, 9, { size: SIZE, frames: FRAMES });
    const b = renderMovingObjects(sources, 3, 9, { size: SIZE, frames: FRAMES });
    const c = renderMovingObjects(sources, 3, 10, { size: SIZE, frames: FRAMES });
    expect(Buffer.compare(Buffer.from(a.frames[2].data), Buffer.from(b.frames[2].data))).toBe(0);
    expect(Buffer.compare(Buffer.from(a.frames[2].data), Buffer.from(c.frames[2].data))).not.toBe(0);
  });

  it('writes a UCF101 folder whose lossless AVIs decode back to exactly the rendered frames', async () => {
    const data = join(dir, 'data');
    const test = await openUcf101(data);
    const train = await openUcf101(data, { list: 'train' });
    expect(test.classes).toEqual(MOVING_OBJECTS_CLASSES);
    expect([train.videos.length, test.videos.length]).toEqual([16, 8]);
    expect(train.videos[3].groundTruth).toMatchObject({ label: 3, name: 'MoveUp', splits: [1] });
    expect((await readFile(join(data, 'trainlist01.txt'), 'utf8')).split('\n')[1]).toBe('MoveLeft/v_MoveLeft_train000001.avi 2');
    const ffmpeg = await findFfmpeg();
    for (const [video, seed, index] of [[train.videos[5], 10, 5], [test.videos[2], 11, 2]] as const) {
      const probe = await probeVideo(ffmpeg, video.path);
      expect(probe.lossy).toBe(false);
      const decoded: RgbImage[] = [];
      for await (const frame of decodeFrames(ffmpeg, { file: video.path }, probe)) decoded.push(frame);
      const rendered = renderMovingObjects(sources, seed, index, { size: SIZE, frames: FRAMES });
      expect(decoded).toHaveLength(FRAMES);
      decoded.forEach((f, t) => expect(Buffer.compare(Buffer.from(f.data), Buffer.from(rendered.frames[t].data))).toBe(0));
    }
  });
});

describe('action retraining', () => {
  it('reads clips as filmstrips, compresses each clip as an H.264 video once per level, and builds two-stream inputs from the compressed frames', async () => {
    const clips = await loadActionClips(join(dir, 'data'), 'test', { frames: FRAMES });
    expect(clips.images).toHaveLength(8);
    expect(clips.images[0]).toMatchObject({ width: SIZE, height: SIZE * FRAMES, frames: FRAMES });
    const levels = [40, null, 40, 40, 40, 40, 40, 40];
    const a = await compressClips(clips.images, levels, 'h264', parseCodecLevels('h264:40').params);
    expect(a.images[1]).toBe(clips.images[1]);
    expect(a.images[0].data).not.toEqual(clips.images[0].data);
    expect(a.bits).toBeGreaterThan(0);
    expect(a.pixels).toBe(7 * SIZE * SIZE * FRAMES);
    const again = await compressClips(clips.images, levels, 'h264', parseCodecLevels('h264:40').params);
    expect(again.images[0]).toBe(a.images[0]);
    const [frame, motion] = twoStreamInputs(a.images.slice(0, 2), { height: SIZE, width: SIZE, frames: FRAMES });
    expect(frame.shape).toEqual([2, SIZE, SIZE, 3]);
    expect(motion.shape).toEqual([2, SIZE, SIZE, 3 * (FRAMES - 1)]);
    // Channel 0 of the motion input is the red difference of frames 1 and 0 of the compressed clip.
    const [f0, f1] = clipFrames(a.images[0] as typeof clips.images[0]);
    expect((await motion.data())[0]).toBeCloseTo((f1.data[0] - f0.data[0]) / 255, 5);
    tf.dispose([frame, motion]);
  });

  it('lowers the loss of ref:two-stream in a few steps on H.264 clips, and scores with the action metric', async () => {
    const train = await loadActionClips(join(dir, 'data'), 'train', { frames: FRAMES });
    const shape = actionRetrainTask.reference.shape(train);
    expect(shape).toEqual({ height: SIZE, width: SIZE, channels: 3, frames: FRAMES, classes: 8 });
    const model = buildReferenceTwoStream({ height: SIZE, width: SIZE, frames: FRAMES, classes: 8 }, 1);
    const result = await trainModel(actionRetrainTask, {
      model, modelId: 'ref:two-stream', train, val: train, augmentation: trainingLevels('h264:35', 'video'), epochs: 6, batchSize: 16, learningRate: 0.01, seed: 3,
    });
    const losses = result.history.map((h) => h.loss);
    expect(losses.at(-1)).toBeLessThan(losses[0]);
    expect(result.history.every((h) => h.valMetric === 'top1' && h.valScore !== null && h.valScore >= 0 && h.valScore <= 1)).toBe(true);
    // The Layers adapter `run --task action` uses scores a clip per stream, softmax each.
    const adapter = await layersTwoStreamModel('m', result.model);
    expect(adapter.streams).toEqual(['spatial', 'temporal', 'fusion']);
    const scores = await adapter.scoreClip(clipFrames(train.images[0]));
    for (const s of Object.values(scores)) expect(s.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    scores.fusion.forEach((v, i) => expect(v).toBeCloseTo((scores.spatial[i] + scores.temporal[i]) / 2, 5));
  }, 60_000);

  it('checks model inputs, codec kinds and data before training', async () => {
    const model = buildReferenceTwoStream({ height: SIZE, width: SIZE, frames: FRAMES, classes: 8 }, 1);
    expect(twoStreamShape(model, 'm')).toEqual({ height: SIZE, width: SIZE, channels: 3, frames: FRAMES, classes: 8 });
    expect(() => trainingLevels('jpeg:10', 'video')).toThrow(/Expected a video codec \(h264, h265, vp9, av1\) for training on video clips but received the image codec jpeg/);
    // h264 codes images too (one intra frame each); the other video codecs do not.
    expect(trainingLevels('h264:40')).toMatchObject({ kind: 'fixed', codec: 'h264', level: 40 });
    expect(() => trainingLevels('h265:40')).toThrow(/Expected an image codec for training but received the video codec h265; video codecs apply to the video task/);
    const out = join(dir, 'never');
    await expect(runRetrainStudy({ task: 'action', model: 'ref:two-stream', train: join(dir, 'data'), training: [trainingLevels('h264:40', 'video')], testCodecs: [{ codec: 'jpeg', kind: 'image', levels: [10], params: {} }], epochs: 1, out }))
      .rejects.toThrow(/Expected a video codec .* for testing task action .* received the image codec jpeg/);
    await expect(runRetrainStudy({ task: 'action', model: 'ref:segnet', train: join(dir, 'data'), training: [trainingLevels('h264:40', 'video')], epochs: 1, out }))
      .rejects.toThrow(/Expected ref:two-stream for task action but received "ref:segnet"/);
    await expect(loadActionClips(join(dir, 'nothing-here'), 'train')).rejects.toThrow(/Expected classInd.txt/);
    // A list naming a video that is not there fails while reading, naming the file.
    const broken = join(dir, 'broken');
    await writeMovingObjects({ out: broken, train: 2, test: 0, seed: 1, size: SIZE, frames: FRAMES });
    await writeFile(join(broken, 'trainlist01.txt'), 'MoveRight/v_MoveRight_train000000.avi 1\nMoveLeft/missing.avi 2\n');
    await expect(loadActionClips(broken, 'train')).rejects.toMatchObject({ name: 'LossyvisionError', file: join(broken, 'MoveLeft', 'missing.avi') });
  });
});
