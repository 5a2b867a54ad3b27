import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LossyvisionError } from '../../src/errors.js';
import { ANNEX_K_LUMINANCE, ijgQuality, qualityScaling, scaledTable } from '../../src/inspect/ijg-quality.js';
import { inspectImageBytes } from '../../src/inspect/image-file.js';
import { evenlySpaced, inspectMedia } from '../../src/inspect/inspect.js';
import { readJpegHeaders } from '../../src/inspect/jpeg-markers.js';
import { findFfmpeg } from '../../src/video/ffmpeg.js';
import { bitrateOf, profileOf } from '../../src/inspect/video-file.js';
import { expectUserError, lv } from '../cli/lv.js';

const FIXTURES = 'test/fixtures/inspect';
/** Written by scripts/reference/pillow-jpegs.py: what Pillow was asked for, per file. */
const manifest = JSON.parse(readFileSync(`${FIXTURES}/manifest.json`, 'utf8')) as { files: { file: string; quality: number; subsampling: string }[] };

describe('IJG quality of Pillow JPEGs', () => {
  it('reads back exactly the quality and subsampling Pillow wrote (5 qualities × 4:2:0, 4:2:2, 4:4:4, greyscale)', async () => {
    expect(manifest.files).toHaveLength(20);
    for (const f of manifest.files) {
      const r = await inspectImageBytes(readFileSync(`${FIXTURES}/${f.file}`));
      expect({ file: f.file, quality: r.jpeg?.quality?.quality, exact: r.jpeg?.quality?.exact, distance: r.jpeg?.quality?.distance, subsampling: r.subsampling }).toEqual({
        file: f.file,
        quality: f.quality,
        exact: true,
        distance: 0,
        subsampling: f.subsampling,
      });
      expect([r.format, r.width, r.height, r.lossy]).toEqual(['jpeg', 32, 32, true]);
    }
  });

  it('says lossless for PNG, with its size', async () => {
    expect(await inspectImageBytes(readFileSync(`${FIXTURES}/lossless.png`))).toEqual({ format: 'png', width: 32, height: 32, lossy: false, subsampling: null });
  });

  it('scales the Annex K tables the way libjpeg does (by hand)', () => {
    expect([qualityScaling(12), qualityScaling(50), qualityScaling(75), qualityScaling(0), qualityScaling(101)]).toEqual([416, 100, 50, 5000, 0]);
    // q75: (16·50 + 50)/100 = 8.5 → 8; (11·50 + 50)/100 = 6; q100: scale 0 → clamped to 1.
    expect(scaledTable(ANNEX_K_LUMINANCE, 75).slice(0, 2)).toEqual([8, 6]);
    expect(scaledTable(ANNEX_K_LUMINANCE, 100).every((v) => v === 1)).toBe(true);
    // q5: scale 1000; 121·10 = 1210 → 255 when forcing baseline, kept with 16-bit tables.
    expect(scaledTable(ANNEX_K_LUMINANCE, 5)[53]).toBe(255);
    expect(scaledTable(ANNEX_K_LUMINANCE, 5, false)[53]).toBe(1210);
  });

  it('gives the nearest quality with a distance for mozjpeg tables, and the exact one for libjpeg-turbo through sharp', async () => {
    const png = readFileSync('demo/photos/chelsea.png');
    const turbo = await inspectImageBytes(await sharp(png).jpeg({ quality: 50 }).toBuffer());
    expect(turbo.jpeg?.quality).toMatchObject({ quality: 50, exact: true, distance: 0 });
    expect(turbo.subsampling).toBe('4:2:0');
    const moz = await inspectImageBytes(await sharp(png).jpeg({ quality: 50, mozjpeg: true }).toBuffer());
    expect(moz.jpeg?.process).toBe('progressive');
    expect(moz.jpeg?.quality?.exact).toBe(false);
    expect(moz.jpeg?.quality?.distance).toBeGreaterThan(0);
  });

  it('compares the luma table only when there is one component', () => {
    const h = readJpegHeaders(readFileSync(`${FIXTURES}/q37-grey.jpg`));
    expect(h.components).toHaveLength(1);
    expect(ijgQuality(h)?.compared).toEqual(['luma']);
  });

  it('names the file of a broken JPEG', async () => {
    const cut = readFileSync(`${FIXTURES}/q60-420.jpg`).subarray(0, 100);
    expect(() => readJpegHeaders(cut, 'cut.jpg')).toThrow(LossyvisionError);
    expect(() => readJpegHeaders(cut, 'cut.jpg')).toThrow(/^cut\.jpg: JPEG segment FF .. at byte \d+ runs past the end of the file$/);
  });
});

describe('WebP and video', () => {
  it('tells lossy from lossless WebP', async () => {
    const png = readFileSync(`${FIXTURES}/lossless.png`);
    expect((await inspectImageBytes(await sharp(png).webp({ quality: 40 }).toBuffer())).lossy).toBe(true);
    expect((await inspectImageBytes(await sharp(png).webp({ lossless: true }).toBuffer())).lossy).toBe(false);
  });

  it('names the codec, bitrate and key frames of the shipped video', async () => {
    const r = await inspectMedia('demo/video/vtest-60.avi');
    expect(r.files[0].video).toMatchObject({ container: 'avi', codec: 'msmpeg4v3', width: 768, height: 576, fps: 10, lossy: true, gop: { frames: 60, keyFrames: 1 } });
    expect(r.files[0].video?.bitrateKbps).toBeGreaterThan(900);
  });

  it('measures the GOP and names the profile of an H.264 file x264 wrote with key frames every 4', async () => {
    const ffmpeg = await findFfmpeg();
    const file = join(mkdtempSync(join(tmpdir(), 'lossyvision-inspect-')), 'gop4.mp4');
    const made = spawnSync(ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10', '-frames:v', '20', '-c:v', 'libx264', '-g', '4', '-keyint_min', '4', '-sc_threshold', '0', '-pix_fmt', 'yuv420p', file]);
    expect(made.status, String(made.stderr)).toBe(0);
    const v = (await inspectMedia(file, { ffmpeg })).files[0].video;
    expect(v).toMatchObject({ codec: 'h264', profile: 'High', width: 64, height: 64, gop: { frames: 20, keyFrames: 5, meanInterval: 4, maxInterval: 4 } });
  });

  it('reads the profile and bitrate from an ffmpeg banner', () => {
    const banner = '  Duration: 00:00:10.00, start: 0.000000, bitrate: 1200 kb/s\n  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 640x360, 1100 kb/s, 25 fps, 25 tbr\n';
    expect(profileOf(banner)).toBe('High');
    expect(bitrateOf(banner)).toBe(1100);
    expect(profileOf('  Stream #0:0: Video: msmpeg4v3 (div3 / 0x33766964), yuv420p, 768x576, 10 fps')).toBeNull();
  });
});

describe('inspecting a folder', () => {
  it('summarises the folder, and samples evenly when asked for fewer files', async () => {
    const all = await inspectMedia(FIXTURES);
    expect(all.found).toBe(21);
    expect(all.summary).toMatchObject({ files: 21, lossy: 20, lossless: 1, subsampling: { '4:2:0': 5, '4:2:2': 5, '4:4:4': 5, greyscale: 5 } });
    expect(all.summary.jpegQuality).toMatchObject({ min: 12, median: 60, max: 96, files: 20, exact: 20 });
    const some = await inspectMedia(FIXTURES, { maxFiles: 4 });
    expect(some.files.map((f) => f.file)).toEqual(evenlySpaced(all.files.map((f) => f.file), 4));
    expect(evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
  });

  it('CLI: prints per file and the summary; --json is the library result; user errors exit 2', () => {
    const text = lv('inspect', FIXTURES);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('q83-422.jpg');
    expect(text.stdout).toMatch(/q83-422\.jpg {2}\d+ B {2}jpeg 32×32 4:2:2 baseline, lossy, IJG quality 83\n/);
    expect(text.stdout).toContain('JPEG quality 12–96 (median 60), 20 of 20 exactly IJG tables');
    const json = lv('inspect', `${FIXTURES}/lossless.png`, '--json');
    expect(JSON.parse(json.stdout).files[0].image).toEqual({ format: 'png', width: 32, height: 32, lossy: false, subsampling: null });
    expectUserError(lv('inspect', 'no/such/dir'), /no\/such\/dir: Expected a media file or a folder of them but it does not exist/);
    expectUserError(lv('inspect', FIXTURES, '--max-files', '0'), /Expected integer of at least 1 for --max-files but received 0 of type number/);
  });
});
