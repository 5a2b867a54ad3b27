import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/codecs/params.js';
import { LossyvisionError } from '../../src/errors.js';
import type { RgbImage } from '../../src/media/image.js';
import { psnr } from '../../src/fidelity/psnr.js';
import { encoderFor, listVideoCodecAvailability } from '../../src/video/availability.js';
import { IVF_FILE_HEADER_BYTES, IVF_FRAME_HEADER_BYTES } from '../../src/video/bitstream.js';
import { encodeVideo } from '../../src/video/encode.js';
import { type Ffmpeg, findFfmpeg } from '../../src/video/ffmpeg.js';
import { decodeFrames } from '../../src/video/frames.js';
import { PristineVideo } from '../../src/video/pristine.js';
import { getVideoCodec, videoCodecs } from '../../src/video/registry.js';

const EXCERPT = join(import.meta.dirname, '../fixtures/video/vtest-10.avi');

let ffmpeg: Ffmpeg;
/** Half size keeps four codecs × three levels cheap on a shared CPU; full size is tested with h264. */
let half: PristineVideo;
let full: PristineVideo;
beforeAll(async () => {
  ffmpeg = await findFfmpeg();
  half = await PristineVideo.fromFile(EXCERPT, { size: { width: 384, height: 288 } });
  full = await PristineVideo.fromFile(EXCERPT);
});
afterAll(async () => {
  await half?.dispose();
  await full?.dispose();
});

describe('PristineVideo', () => {
  it('decodes the source once and flags it as already lossy', () => {
    expect(full).toMatchObject({ width: 768, height: 576, frameCount: 10, frameRate: '10', fps: 10 });
    expect(full.source?.lossy).toBe(true);
    expect(full.source?.probe.codec).toBe('msmpeg4v3');
    expect(full.durationS).toBe(1);
  });

  it('streams the same frames every time, equal to a direct decode of the source', async () => {
    const direct: RgbImage[] = [];
    for await (const f of decodeFrames(ffmpeg, { file: EXCERPT }, full)) direct.push(f);
    let i = 0;
    for await (const f of full.frames()) expect(psnr(direct[i++], f)).toBe(Infinity);
    expect(i).toBe(10);
  });
});

/** The npm ffmpeg has all four; another ffmpeg may lack some, which availability then says. */
const codecs = [...videoCodecs.values()];

describe.each(codecs.map((c) => [c.id, c] as const))('%s', (id, codec) => {
  // Three levels spread over the codec's range, most compressed last.
  const levels = id === 'h264' || id === 'h265' ? [20, 32, 44] : [20, 40, 58];

  it('encodes three levels: fewer bytes and lower PSNR as the level rises, every frame decoded', async () => {
    const available = listVideoCodecAvailability(ffmpeg).find((a) => a.id === id)!;
    if (!available.available) {
      expect(() => encoderFor(codec, ffmpeg)).toThrow(/is unavailable: the ffmpeg at/);
      return;
    }
    // libaom in ffmpeg 4.1 runs at about 1 frame/s at this size even at its fastest setting.
    const params: Record<string, ParamValue> = id === 'av1' || id === 'vp9' ? { speed: 8 } : { preset: 'veryfast' };
    const results = [];
    for (const level of levels) results.push(await encodeVideo(half, codec, level, { params }));
    for (const r of results) {
      expect(r.frames).toBe(10);
      expect(r.psnr).toHaveLength(10);
      expect(r.ssim).toHaveLength(10);
      expect(r.bpp).toBeCloseTo((8 * r.bytes) / (384 * 288 * 10), 12);
      expect(r.kbps).toBeCloseTo((r.bytes * 8) / 1 / 1000, 9);
      expect(r.packetBytes.reduce((a, b) => a + b, 0)).toBe(r.bytes);
      expect(r.encoder).toBe(encoderFor(codec, ffmpeg));
      expect(r.encoderVersion).not.toBe('unknown');
      expect(r.params.rc).toBe('crf');
      expect(r.ffmpeg.source).toBe(ffmpeg.source);
      if (codec.bitstream.muxer === 'ivf') expect(r.containerBytes).toBe(IVF_FILE_HEADER_BYTES + IVF_FRAME_HEADER_BYTES * r.packetBytes.length);
      else expect(r.containerBytes).toBe(0);
    }
    expect(results[0].bytes).toBeGreaterThan(results[1].bytes);
    expect(results[1].bytes).toBeGreaterThan(results[2].bytes);
    expect(results[0].meanPsnr).toBeGreaterThan(results[1].meanPsnr);
    expect(results[1].meanPsnr).toBeGreaterThan(results[2].meanPsnr);
    expect(results[0].meanSsim).toBeGreaterThan(results[2].meanSsim);
  });
});

describe('encodeVideo with h264 at full size', () => {
  it('encodes every level from the pristine frames: the order of levels changes nothing', async () => {
    const a30 = await encodeVideo(full, 'h264', 30);
    await encodeVideo(full, 'h264', 45);
    const b30 = await encodeVideo(full, 'h264', 30);
    expect(b30.bytes).toBe(a30.bytes);
    expect(b30.psnr).toEqual(a30.psnr);
    expect(a30).toMatchObject({ width: 768, height: 576, frames: 10, params: { rc: 'crf', preset: 'medium', gop: 250, bframes: 3, pixfmt: 'yuv420p' } });
  });

  it('pairs each decoded frame with its own pristine frame (B-frame reordering undone, none dropped)', async () => {
    const pristine: RgbImage[] = [];
    for await (const f of full.frames()) pristine.push(f);
    // How alike neighbouring frames are: a decoded frame off by one would score about this.
    const neighbour = Math.max(...pristine.slice(1).map((f, i) => psnr(pristine[i], f)));
    const r = await encodeVideo(full, 'h264', 18, { params: { preset: 'veryfast', bframes: 3 } });
    expect(Math.min(...r.psnr)).toBeGreaterThan(neighbour + 3);
  });

  it('keeps the bitstream when asked, as a raw Annex B stream whose size is the byte count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-h264-'));
    const output = join(dir, 'out.h264');
    const r = await encodeVideo(full, 'h264', 35, { output });
    expect(r.bitstreamPath).toBe(output);
    expect((await stat(output)).size).toBe(r.bytes);
    // Annex B starts with a start code.
    expect([...(await readFile(output)).subarray(0, 4)]).toEqual([0, 0, 0, 1]);
  });

  it('rate control by QP and by target bitrate', async () => {
    const qp = await encodeVideo(full, 'h264', 30, { params: { rc: 'qp', preset: 'veryfast' } });
    const qpHigh = await encodeVideo(full, 'h264', 40, { params: { rc: 'qp', preset: 'veryfast' } });
    expect(qp.bytes).toBeGreaterThan(qpHigh.bytes);
    const low = await encodeVideo(full, 'h264', 200, { params: { rc: 'bitrate', preset: 'veryfast' } });
    const high = await encodeVideo(full, 'h264', 1000, { params: { rc: 'bitrate', preset: 'veryfast' } });
    expect(high.bytes).toBeGreaterThan(low.bytes);
    expect(high.rateControl).toBe('bitrate');
  });

  it('hands each decoded frame and its pristine frame to onFrame, in order', async () => {
    const seen: number[] = [];
    const psnrs: number[] = [];
    const r = await encodeVideo(half, 'h264', 30, {
      params: { preset: 'ultrafast' },
      onFrame: (index, decoded, pristine) => {
        seen.push(index);
        psnrs.push(psnr(pristine, decoded));
      },
    });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(psnrs).toEqual(r.psnr);
  });
});

describe('errors', () => {
  it('rejects a level outside the codec range with the house template', async () => {
    await expect(encodeVideo(full, 'h264', 52)).rejects.toThrow('Expected integer between 0 and 51 for h264 crf but received 52 of type number');
    await expect(encodeVideo(full, 'h264', -5, { params: { rc: 'bitrate' } })).rejects.toThrow(
      'Expected number of kbit/s above 0 and at most 1000000 for h264 bitrate but received -5 of type number',
    );
  });

  it('rejects unknown codecs and parameters', async () => {
    await expect(encodeVideo(full, 'mpeg2', 5)).rejects.toThrow('Unknown video codec "mpeg2", expected one of: h264, h265, vp9, av1');
    await expect(encodeVideo(full, 'h264', 30, { params: { speed: 3 } })).rejects.toThrow(/Unknown h264 parameter "speed"/);
  });

  it('says which codec an ffmpeg lacks instead of crashing', () => {
    const bare: Ffmpeg = { ...ffmpeg, encoders: new Set(['libx264']) };
    const av1 = listVideoCodecAvailability(bare).find((a) => a.id === 'av1')!;
    expect(av1.available).toBe(false);
    expect(av1.reason).toMatch(/has no encoder libsvtav1 or libaom-av1; set FFMPEG_PATH/);
    const error = (() => {
      try {
        encoderFor(getVideoCodec('av1'), bare);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LossyvisionError);
    expect((error as LossyvisionError).code).toBe('UNSUPPORTED');
  });

  it('refuses odd frame sizes in 4:2:0 with advice', async () => {
    const odd = await PristineVideo.fromFile(EXCERPT, { size: { width: 95, height: 71 }, maxFrames: 2 });
    try {
      await expect(encodeVideo(odd, 'h264', 30)).rejects.toThrow(/pixfmt yuv420p needs an even width and height, received 95×71; use pixfmt=yuv444p/);
      const r = await encodeVideo(odd, 'h264', 30, { params: { pixfmt: 'yuv444p' } });
      expect(r.frames).toBe(2);
    } finally {
      await odd.dispose();
    }
  });
});
