import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { intraH264, padToEven } from '../../src/codecs/intra-h264.js';
import { parseCodecLevels } from '../../src/codecs/levels.js';
import { getImageCodec } from '../../src/codecs/registry.js';
import { decodeImage } from '../../src/media/decode.js';
import type { RgbImage } from '../../src/media/image.js';
import { conditionsOf } from '../../src/sweep/conditions.js';
import { runSweep } from '../../src/sweep/run.js';
import type { SweepConfig } from '../../src/sweep/plan.js';
import { studyTable } from '../../src/sweep/table.js';
import { findFfmpeg } from '../../src/video/ffmpeg.js';
import { liveFfmpegPids, runFfmpeg } from '../../src/video/process.js';

const photos = fileURLToPath(new URL('../../demo/photos/', import.meta.url));
const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));

/** A crop of the astronaut with an odd width and height, so 4:2:0 needs padding. */
function crop(image: RgbImage, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) data.set(image.data.subarray((y + 100) * image.width * 3 + 150 * 3, (y + 100) * image.width * 3 + (150 + width) * 3), y * width * 3);
  return { width, height, data };
}

/** NAL unit types of an Annex B stream, in order. */
function nalTypes(bitstream: Uint8Array): number[] {
  const types: number[] = [];
  for (let i = 0; i + 3 < bitstream.length; i++) {
    if (bitstream[i] === 0 && bitstream[i + 1] === 0 && bitstream[i + 2] === 1) {
      types.push(bitstream[i + 3] & 0x1f);
      i += 3;
    }
  }
  return types;
}

let odd: RgbImage;
beforeAll(async () => {
  odd = crop(await decodeImage(join(photos, 'astronaut.png')), 97, 63);
});

describe('h264 on images (one intra frame each)', () => {
  it('is what image tasks get for h264, with the CRF scale reversed (higher is more compressed)', () => {
    expect(getImageCodec('h264')).toBe(intraH264);
    expect(intraH264.level).toMatchObject({ name: 'crf', min: 0, max: 51, mostCompressed: 'max' });
    expect(() => getImageCodec('vp9')).toThrow(/"vp9" is a video codec/);
  });

  it('round-trips an odd-sized image: SPS, PPS and one IDR slice, no SEI; true bpp; decoded at the original size', async () => {
    const r23 = await intraH264.encode(odd, 23);
    const r40 = await intraH264.encode(odd, 40);
    for (const r of [r23, r40]) {
      expect(nalTypes(r.bitstream)).toEqual([7, 8, 5]);
      expect(r.bytes).toBe(r.bitstream.byteLength);
      expect(r.bpp).toBe((8 * r.bytes) / (97 * 63));
      expect([r.decoded.width, r.decoded.height, r.decoded.data.length]).toEqual([97, 63, 97 * 63 * 3]);
      expect(r.params).toMatchObject({ rc: 'crf', pixfmt: 'yuv420p' });
    }
    expect(r23.bytes).toBeGreaterThan(r40.bytes);
    expect(r23.psnr).toBeGreaterThan(r40.psnr);
    expect(r23.psnr).toBeGreaterThan(30);
    expect(r40.psnr).toBeGreaterThan(20);
    expect(r40.ssim).toBeLessThan(r23.ssim);

    // Deterministic, and the stored bitstream decodes to the same pixels.
    expect((await intraH264.encode(odd, 23)).bitstream).toEqual(r23.bitstream);
    expect((await intraH264.decode!(r23.bitstream, 97, 63)).data).toEqual(r23.decoded.data);

    // ffmpeg on its own reads it as one 98×64 (padded) H.264 frame.
    const ffmpeg = await findFfmpeg();
    const file = join(await mkdtemp(join(tmpdir(), 'lv-h264-image-')), 'a.h264');
    await writeFile(file, r23.bitstream);
    const raw = await runFfmpeg(ffmpeg.path, ['-loglevel', 'error', '-f', 'h264', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { what: 'test decode' });
    expect(raw.stdout.length).toBe(98 * 64 * 3);
  });

  it('pads by repeating the last column and row; 4:4:4 and even sizes are left alone', () => {
    const image: RgbImage = { width: 3, height: 1, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) };
    const padded = padToEven(image, { pixfmt: 'yuv420p' });
    expect([padded.width, padded.height]).toEqual([4, 2]);
    expect(Array.from(padded.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9]);
    expect(padToEven(image, { pixfmt: 'yuv444p' })).toBe(image);
  });

  it('codes 4:4:4 at odd sizes too, and refuses a bitrate (no meaning for one image)', async () => {
    const r = await intraH264.encode(odd, 30, { pixfmt: '444' });
    expect([r.decoded.width, r.decoded.height]).toEqual([97, 63]);
    await expect(intraH264.encode(odd, 30, { rc: 'bitrate' })).rejects.toThrow(/rc=bitrate has no meaning for a single image/);
    await expect(intraH264.encode(odd, 52)).rejects.toThrow(/between 0 and 51 for h264 crf/);
  });

  it('runs at most one ffmpeg per core however many encodes are asked for at once', async () => {
    const tiny = crop(odd, 16, 16);
    let most = 0;
    const timer = setInterval(() => (most = Math.max(most, liveFfmpegPids().length)), 2);
    const results = await Promise.all(Array.from({ length: 3 * availableParallelism() + 1 }, (_, i) => intraH264.encode(tiny, 20 + (i % 30), {}, 'none')));
    clearInterval(timer);
    expect(results.every((r) => r.decoded.width === 16)).toBe(true);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(availableParallelism());
  });

  it('sweeps an image dataset at CRF levels; a second model reads the cached bitstreams back without encoding', async () => {
    const data = await mkdtemp(join(tmpdir(), 'lv-h264-sweep-data-'));
    for (const name of ['coffee.png', 'chelsea.png']) await copyFile(join(photos, name), join(data, name));
    const config: SweepConfig = {
      task: 'detection', data, models: ['grid'], conditions: conditionsOf([parseCodecLevels('h264:23,40'), parseCodecLevels('jpeg:50')]),
      seed: 0, referenceThreshold: 0.5, workers: 1, cacheDir: await mkdtemp(join(tmpdir(), 'lv-h264-sweep-cache-')), modelLoader: gridModel,
    };
    const first = await runSweep(config);
    expect(first.stats.computed.encodes).toBe(6);
    const rows = studyTable(first).rows;
    const h264 = rows.filter((r) => r.codec === 'h264');
    expect(h264.map((r) => r.level)).toEqual([23, 40]);
    expect(h264.every((r) => r.failures === 0 && r.n === 2)).toBe(true);
    expect(h264[0].bpp!).toBeGreaterThan(h264[1].bpp!);
    expect(first.provenance.codecs?.h264).toMatchObject({ ffmpeg: expect.any(String), libx264: expect.stringMatching(/^\d+/) });

    const second = await runSweep({ ...config, models: ['grid', 'grid:90'] });
    expect(second.stats.computed.encodes).toBe(0);
    const again = studyTable(second).rows.filter((r) => r.model === 'grid');
    expect(again).toEqual(rows);
  });
});
