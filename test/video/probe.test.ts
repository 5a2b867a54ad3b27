import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LossyvisionError } from '../../src/errors.js';
import { type Ffmpeg, findFfmpeg } from '../../src/video/ffmpeg.js';
import { parseProbe, probeVideo } from '../../src/video/probe.js';
import { PristineVideo } from '../../src/video/pristine.js';
import { runFfmpeg } from '../../src/video/process.js';

const EXCERPT = join(import.meta.dirname, '../fixtures/video/vtest-10.avi');

let ffmpeg: Ffmpeg;
let dir: string;
beforeAll(async () => {
  ffmpeg = await findFfmpeg();
  dir = await mkdtemp(join(tmpdir(), 'lv-video-bad-'));
});

/** The error a promise rejects with, checked to be a LossyvisionError. */
async function failure(promise: Promise<unknown>): Promise<LossyvisionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LossyvisionError);
  return error as LossyvisionError;
}

describe('probeVideo', () => {
  it('reads the excerpt: MS-MPEG4v3 in AVI, 768×576 at 10 fps, already lossy', async () => {
    const probe = await probeVideo(ffmpeg, EXCERPT);
    expect(probe).toMatchObject({ container: 'avi', codec: 'msmpeg4v3', pixelFormat: 'yuv420p', width: 768, height: 576, frameRate: '10', fps: 10, durationS: 1, lossy: true });
  });

  it('parses an MP4 banner with profile, colour details, SAR and an NTSC rate', () => {
    const banner = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':",
      '  Duration: 00:00:02.02, start: 0.000000, bitrate: 1033 kb/s',
      '    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1920x1080 [SAR 1:1 DAR 16:9], 1027 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)',
    ].join('\n');
    expect(parseProbe('clip.mp4', banner)).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', width: 1920, height: 1080, frameRate: '30000/1001', lossy: true });
  });

  it('marks lossless sources as pristine', () => {
    const banner = "Input #0, matroska,webm, from 'a.mkv':\n    Stream #0:0: Video: ffv1 (FFV1 / 0x31564646), bgr0, 64x48, 25 fps, 25 tbr, 1k tbn";
    expect(parseProbe('a.mkv', banner).lossy).toBe(false);
  });
});

describe('bad input', () => {
  it('a missing file', async () => {
    const error = await failure(PristineVideo.fromFile(join(dir, 'nope.avi')));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toBe(`${join(dir, 'nope.avi')}: video file not found`);
  });

  it('an empty file and a text file are not videos', async () => {
    for (const [name, content] of [['empty.avi', ''], ['text.avi', 'hello\n'.repeat(200)]]) {
      const file = join(dir, name);
      await writeFile(file, content);
      const error = await failure(PristineVideo.fromFile(file));
      expect(error.code).toBe('INVALID_FILE');
      expect(error.message).toMatch(new RegExp(`^${file}: not a video file ffmpeg can read \\(.*Invalid data`));
    }
  });

  it('a truncated video', async () => {
    const file = join(dir, 'truncated.avi');
    await writeFile(file, (await readFile(EXCERPT)).subarray(0, 120_000));
    const error = await failure(PristineVideo.fromFile(file));
    expect(error.code).toBe('DECODE_FAILED');
    expect(error.message).toMatch(new RegExp(`^${file}: corrupt or truncated video, ffmpeg reported: .*msmpeg4`));
  });

  it('a corrupt video (bytes flipped in the frames)', async () => {
    const data = Buffer.from(await readFile(EXCERPT));
    for (let i = 30_000; i < data.length; i += 997) data[i] ^= 0x5a;
    const file = join(dir, 'corrupt.avi');
    await writeFile(file, data);
    const error = await failure(PristineVideo.fromFile(file));
    expect(error.message).toMatch(new RegExp(`^${file}: corrupt or truncated video`));
    // The caller may choose to accept damaged frames.
    const tolerated = await PristineVideo.fromFile(file, { tolerateErrors: true });
    expect(tolerated.frameCount).toBe(10);
    await tolerated.dispose();
  });

  it('a codec ffmpeg cannot decode (fourcc rewritten)', async () => {
    const data = Buffer.from(await readFile(EXCERPT));
    let at = data.indexOf('div3');
    for (; at >= 0; at = data.indexOf('div3', at + 4)) data.write('zzzz', at, 'latin1');
    const file = join(dir, 'unknown-codec.avi');
    await writeFile(file, data);
    const error = await failure(PristineVideo.fromFile(file));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toBe(`${file}: video codec unknown to ffmpeg (fourcc "zzzz") cannot be decoded by this ffmpeg`);
  });

  it('a video with no frames', async () => {
    const file = join(dir, 'no-frames.avi');
    await runFfmpeg(ffmpeg.path, ['-loglevel', 'error', '-f', 'lavfi', '-i', 'color=s=64x48:r=10', '-frames:v', '0', '-c:v', 'ffv1', '-y', file], { what: 'making a fixture' });
    const error = await failure(PristineVideo.fromFile(file));
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toBe(`${file}: contains no video frames`);
  });

  it('a file with audio only', async () => {
    const file = join(dir, 'audio.wav');
    await runFfmpeg(ffmpeg.path, ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=d=0.2', '-y', file], { what: 'making a fixture' });
    const error = await failure(PristineVideo.fromFile(file));
    expect(error.message).toBe(`${file}: has no video stream`);
  });

  it('keeps the excerpt fixture intact (sanity for the cases above)', async () => {
    const copy = join(dir, 'copy.avi');
    await copyFile(EXCERPT, copy);
    const video = await PristineVideo.fromFile(copy);
    expect(video.frameCount).toBe(10);
    await video.dispose();
  });
});
