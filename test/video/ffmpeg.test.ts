import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFfmpeg, locateFfmpeg, parseCodecList, parseConfiguration, parseLibraries } from '../../src/video/ffmpeg.js';
import { LossyvisionError } from '../../src/errors.js';

describe('locateFfmpeg', () => {
  it('falls back to the npm package when FFMPEG_PATH is unset and PATH has no ffmpeg', async () => {
    const found = await locateFfmpeg({ PATH: '' });
    expect(found.source).toBe('@ffmpeg-installer/ffmpeg');
    expect(found.path).toMatch(/@ffmpeg-installer/);
  });

  it('prefers ffmpeg on PATH over the npm package, and FFMPEG_PATH over both', async () => {
    const npm = await locateFfmpeg({ PATH: '' });
    const dir = await mkdtemp(join(tmpdir(), 'lv-ffmpeg-path-'));
    await symlink(npm.path, join(dir, 'ffmpeg'));
    expect(await locateFfmpeg({ PATH: `/nonexistent:${dir}` })).toEqual({ path: join(dir, 'ffmpeg'), source: 'PATH' });
    expect(await locateFfmpeg({ PATH: dir, FFMPEG_PATH: npm.path })).toEqual({ path: npm.path, source: 'FFMPEG_PATH' });
  });

  it('rejects an FFMPEG_PATH that is not executable instead of silently using another ffmpeg', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-ffmpeg-bad-'));
    const file = join(dir, 'ffmpeg');
    await writeFile(file, 'not a binary');
    await expect(locateFfmpeg({ FFMPEG_PATH: file, PATH: '' })).rejects.toThrow(`${file}: FFMPEG_PATH is set but is not an executable file`);
  });

  it('says how to get ffmpeg when there is none', async () => {
    const error = await locateFfmpeg({ PATH: '' }, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LossyvisionError);
    expect((error as LossyvisionError).code).toBe('UNSUPPORTED');
    expect((error as Error).message).toMatch(/^ffmpeg not found\. .*FFMPEG_PATH.*PATH.*npm install @ffmpeg-installer\/ffmpeg/);
  });
});

describe('findFfmpeg', () => {
  it('describes the npm ffmpeg: version, libraries, configuration, encoders', async () => {
    const ffmpeg = await findFfmpeg({ PATH: '' });
    expect(ffmpeg.source).toBe('@ffmpeg-installer/ffmpeg');
    expect(ffmpeg.version).toMatch(/\S/);
    expect(ffmpeg.libraries.libavcodec).toMatch(/^\d+\.\d+\.\d+$/);
    expect(ffmpeg.configuration).toContain('--enable-libx264');
    for (const name of ['libx264', 'libx265', 'libvpx-vp9', 'rawvideo']) expect(ffmpeg.encoders.has(name)).toBe(true);
    // A decoder is listed under its own name and the codec it decodes.
    expect(ffmpeg.decoders.has('msmpeg4')).toBe(true);
    expect(ffmpeg.decoders.has('msmpeg4v3')).toBe(true);
    for (const name of ['h264', 'hevc', 'ivf', 'rawvideo']) expect(ffmpeg.muxers.has(name)).toBe(true);
  });
});

describe('parsers', () => {
  const version = [
    'ffmpeg version 6.1.1-3ubuntu5 Copyright (c) 2000-2023 the FFmpeg developers',
    'configuration: --prefix=/usr --enable-gpl --enable-libx264',
    'libavutil      58. 29.100 / 58. 29.100',
    'libavcodec     60. 31.102 / 60. 31.102',
  ].join('\n');

  it('reads configuration flags and library versions from `ffmpeg -version`', () => {
    expect(parseConfiguration(version)).toEqual(['--prefix=/usr', '--enable-gpl', '--enable-libx264']);
    expect(parseLibraries(version)).toEqual({ libavutil: '58.29.100', libavcodec: '60.31.102' });
  });

  it('reads coder names and their codecs from `ffmpeg -encoders`', () => {
    const text = ['Encoders:', ' V..... = Video', ' ------', ' V..... libx264   libx264 H.264 (codec h264)', ' A....D aac   AAC'].join('\n');
    expect([...parseCodecList(text)].sort()).toEqual(['aac', 'h264', 'libx264']);
  });
});
