import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isVideoData, openVideoData } from '../../src/datasets/video.js';

const clip = fileURLToPath(new URL('../fixtures/video/vtest-10.avi', import.meta.url));
const photos = fileURLToPath(new URL('../../demo/photos/', import.meta.url));

describe('video data', () => {
  it('recognises a video file and a folder of videos, not image folders or class folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-videodata-'));
    await copyFile(clip, join(dir, 'b.avi'));
    await copyFile(clip, join(dir, 'a.avi'));
    expect(await isVideoData(clip)).toBe(true);
    expect(await isVideoData(dir)).toBe(true);
    expect(await isVideoData(photos)).toBe(false);
    const classes = await mkdtemp(join(tmpdir(), 'lv-videoclasses-'));
    await mkdir(join(classes, 'Walk'));
    await copyFile(clip, join(classes, 'Walk', 'v.avi'));
    expect(await isVideoData(classes)).toBe(false);
    expect(await isVideoData(join(dir, 'missing.avi'))).toBe(false);

    const data = await openVideoData(dir);
    expect(data.videos.map((v) => v.id)).toEqual(['a.avi', 'b.avi']);
    expect(data).toMatchObject({ format: 'video', labelled: false, root: dir });
  });

  it('finds MOTChallenge ground truth beside each video, and refuses a half-labelled set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-videomot-'));
    await copyFile(clip, join(dir, 'a.avi'));
    await copyFile(clip, join(dir, 'b.avi'));
    await writeFile(join(dir, 'a.gt.txt'), '1,1,10,10,20,40,1,1,1\n');
    await expect(openVideoData(dir)).rejects.toThrow(/Expected MOTChallenge ground truth for every video or none, missing for: b\.avi/);
    await mkdir(join(dir, 'b', 'gt'), { recursive: true });
    await writeFile(join(dir, 'b', 'gt', 'gt.txt'), '1,1,10,10,20,40,1,1,1\n');
    const data = await openVideoData(dir);
    expect(data.format).toBe('mot');
    expect(data.videos.map((v) => v.groundTruth)).toEqual([join(dir, 'a.gt.txt'), join(dir, 'b', 'gt', 'gt.txt')]);
  });

  it('names what is wrong', async () => {
    await expect(openVideoData('/nonexistent/clip.avi')).rejects.toThrow('/nonexistent/clip.avi: video data not found');
    await expect(openVideoData(join(photos, 'chelsea.png'))).rejects.toThrow(/chelsea\.png: Expected a video file/);
  });
});
