import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUcf101 } from '../../src/datasets/ucf101.js';
import { psnr } from '../../src/fidelity/psnr.js';
import type { RgbImage } from '../../src/media/image.js';
import { exportCompressedDataset } from '../../src/retrain/export.js';
import { demuxedPacketBytes } from '../../src/video/bitstream.js';
import { findFfmpeg } from '../../src/video/ffmpeg.js';
import { PristineVideo } from '../../src/video/pristine.js';
import { probeVideo } from '../../src/video/probe.js';

/** The source of a copied video: the one that was not AVI kept its own container. */
const renamedBack = (id: string): string => (id === 'Walk/v_Walk_g02_c01.avi' ? 'Walk/v_Walk_g02_c01.mkv' : id);
const VTEST = path.resolve('demo/video/vtest-60.avi');
const FRAMES = 8;
let dir: string;
let ucf: string;

/** Eight frames of the pedestrian video from `start`, 96×72, lossless FFV1, so the pristine frames are exact. */
async function clip(file: string, start: number): Promise<void> {
  const ffmpeg = await findFfmpeg();
  await mkdir(path.dirname(file), { recursive: true });
  await promisify(execFile)(ffmpeg.path, ['-loglevel', 'error', '-i', VTEST, '-vf', `select=gte(n\\,${start}),scale=96:72:flags=area`, '-frames:v', String(FRAMES), '-c:v', 'ffv1', '-y', file]);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lv-export-video-'));
  ucf = path.join(dir, 'ucf');
  await clip(path.join(ucf, 'UCF-101', 'Walk', 'v_Walk_g01_c01.avi'), 0);
  // Not AVI: the copy renames it to .avi and rewrites the lists.
  await clip(path.join(ucf, 'UCF-101', 'Walk', 'v_Walk_g02_c01.mkv'), 20);
  await clip(path.join(ucf, 'UCF-101', 'Stand', 'v_Stand_g01_c01.avi'), 40);
  await writeFile(path.join(ucf, 'UCF-101', 'Stand', 'v_Stand_g02_c01.avi'), 'not a video');
  const lists = path.join(ucf, 'ucfTrainTestlist');
  await mkdir(lists);
  await writeFile(path.join(lists, 'classInd.txt'), '1 Walk\n2 Stand\n');
  await writeFile(path.join(lists, 'trainlist01.txt'), 'Walk/v_Walk_g02_c01.mkv 1\nStand/v_Stand_g02_c01.avi 2\n');
  await writeFile(path.join(lists, 'testlist01.txt'), 'Walk/v_Walk_g01_c01.avi\nStand/v_Stand_g01_c01.avi\n');
  await writeFile(path.join(lists, 'testlist02.txt'), 'Walk/v_Walk_g02_c01.mkv\n');
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exportCompressedDataset on UCF101-style video', () => {
  it('writes an H.264 AVI copy at the CRF that the same reader opens, lists following renamed videos', async () => {
    const copy = path.join(dir, 'crf30');
    const result = await exportCompressedDataset(ucf, 'h264:30', copy);
    expect(result).toMatchObject({ kind: 'video', format: 'ucf101', codec: 'h264', level: 30, videos: 3, frames: 3 * FRAMES, skipped: ['Stand/v_Stand_g02_c01.avi'] });
    if (result.kind !== 'video') throw new Error('expected a video export');
    expect(result.rewritten.sort()).toEqual([path.join('ucfTrainTestlist', 'testlist02.txt'), path.join('ucfTrainTestlist', 'trainlist01.txt')]);
    const lists = path.join(copy, 'ucfTrainTestlist');
    expect(await readFile(path.join(lists, 'trainlist01.txt'), 'utf8')).toBe('Walk/v_Walk_g02_c01.avi 1\nStand/v_Stand_g02_c01.avi 2\n');
    expect(await readFile(path.join(lists, 'testlist02.txt'), 'utf8')).toBe('Walk/v_Walk_g02_c01.avi\n');
    expect(await readFile(path.join(lists, 'classInd.txt'), 'utf8')).toBe('1 Walk\n2 Stand\n');
    // The broken video is copied as it was, not dropped.
    expect(await readFile(path.join(copy, 'UCF-101', 'Stand', 'v_Stand_g02_c01.avi'), 'utf8')).toBe('not a video');

    const [before, after] = await Promise.all([openUcf101(ucf), openUcf101(copy)]);
    expect(after.classes).toEqual(before.classes);
    expect(after.splits).toEqual(before.splits);
    expect(after.videos.map((v) => [v.id, v.groundTruth])).toEqual(before.videos.map((v) => [v.id.replace(/\.mkv$/, '.avi'), v.groundTruth]));

    const ffmpeg = await findFfmpeg();
    let payload = 0;
    const psnrs: number[] = [];
    for (const video of after.videos) {
      const probe = await probeVideo(ffmpeg, video.path);
      expect([probe.container, probe.codec, probe.width, probe.height, probe.fps]).toEqual(['avi', 'h264', 96, 72, 10]);
      // x264 writes its settings into the stream: the copy was really coded at CRF 30.
      expect((await readFile(video.path)).toString('latin1')).toMatch(/x264 - core \d+ .* crf=30\.0 /);
      // The copy decodes to the frames that were measured: same count, same PSNR against the source.
      const [source, decoded] = await Promise.all([PristineVideo.fromFile(path.join(ucf, 'UCF-101', renamedBack(video.id)), { ffmpeg }), PristineVideo.fromFile(video.path, { ffmpeg })]);
      expect(decoded.frameCount).toBe(FRAMES);
      const reference = source.frames();
      for await (const frame of decoded.frames()) psnrs.push(psnr((await reference.next()).value as RgbImage, frame));
      await Promise.all([source.dispose(), decoded.dispose()]);
      payload += (await demuxedPacketBytes(ffmpeg, video.path, 'avi')).reduce((a, b) => a + b, 0);
    }
    expect(result.bytes).toBe(payload);
    expect(result.bpp).toBeCloseTo((8 * payload) / (96 * 72 * 3 * FRAMES), 12);
    expect(result.meanPsnr).toBeCloseTo(psnrs.reduce((a, b) => a + b, 0) / psnrs.length, 9);
    expect(result.meanPsnr).toBeGreaterThan(25);
    expect(result.meanPsnr).toBeLessThan(45);

    // A stronger level is a smaller copy of the same frames.
    const crf45 = await exportCompressedDataset(ucf, 'h264:45', path.join(dir, 'crf45'));
    expect(crf45.bytes).toBeLessThan(result.bytes / 2);
  }, 120_000);

  it('writes an H.265 AVI copy that reads back as HEVC, every frame, with the measured PSNR', async () => {
    const result = await exportCompressedDataset(ucf, 'h265:30', path.join(dir, 'h265'));
    expect(result).toMatchObject({ kind: 'video', codec: 'h265', level: 30, videos: 3, frames: 3 * FRAMES });
    const ffmpeg = await findFfmpeg();
    const psnrs: number[] = [];
    for (const video of (await openUcf101(path.join(dir, 'h265'))).videos) {
      const probe = await probeVideo(ffmpeg, video.path);
      expect([probe.container, probe.codec]).toEqual(['avi', 'hevc']);
      const [source, decoded] = await Promise.all([PristineVideo.fromFile(path.join(ucf, 'UCF-101', renamedBack(video.id)), { ffmpeg }), PristineVideo.fromFile(video.path, { ffmpeg })]);
      expect(decoded.frameCount).toBe(FRAMES);
      const reference = source.frames();
      for await (const frame of decoded.frames()) psnrs.push(psnr((await reference.next()).value as RgbImage, frame));
      await Promise.all([source.dispose(), decoded.dispose()]);
    }
    if (result.kind !== 'video') throw new Error('expected a video export');
    expect(result.meanPsnr).toBeCloseTo(psnrs.reduce((a, b) => a + b, 0) / psnrs.length, 9);
  }, 120_000);

  it('refuses an image codec for video data and a video codec for image data', async () => {
    await expect(exportCompressedDataset(ucf, 'jpeg:50', path.join(dir, 'jpeg'))).rejects.toThrow(/ucf: Expected a video codec level for UCF101 video data, one of h264, h265, vp9, av1 \(e\.g\. h264:30\), but received the image codec jpeg/);
    await expect(exportCompressedDataset('test/fixtures/datasets/classes', 'h264:30', path.join(dir, 'h264'), { format: 'class-folders' }))
      .rejects.toThrow(/classes: Expected an image codec level, e\.g\. jpeg:10, for image data; video codecs such as h264 need a UCF101-style video folder/);
  });
});
