import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { getImageCodec, imageCodecs } from '../../src/codecs/registry.js';
import { decodeImage } from '../../src/media/decode.js';
import type { RgbImage } from '../../src/media/image.js';
import { sourceFormat } from '../../src/media/source-format.js';

let chelsea: RgbImage;
beforeAll(async () => {
  chelsea = await decodeImage('demo/photos/chelsea.png');
});

/** What sourceFormat must say about each codec's bitstream. */
const FORMATS = new Map([
  ['jpeg', { format: 'jpeg', lossy: true }],
  ['mozjpeg', { format: 'jpeg', lossy: true }],
  ['webp', { format: 'webp', lossy: true, variant: 'lossy' }],
  ['avif', { format: 'avif', lossy: true }],
  ['png', { format: 'png', lossy: false }],
]);

describe('image codec registry', () => {
  it('holds jpeg, mozjpeg, webp, avif and png', () => {
    expect([...imageCodecs.keys()]).toEqual(['jpeg', 'mozjpeg', 'webp', 'avif', 'png']);
  });

  it.each([...imageCodecs.keys()])('%s: exact bytes, bpp, decoded size and fidelity', async (id) => {
    const codec = getImageCodec(id);
    const level = codec.lossless ? 6 : 30;
    const r = await codec.encode(chelsea, level);
    expect(sourceFormat(r.bitstream)).toEqual(FORMATS.get(id));
    expect(r.bytes).toBe(r.bitstream.byteLength);
    expect(r.bpp).toBeCloseTo((8 * r.bytes) / (451 * 300), 12);
    expect([r.decoded.width, r.decoded.height]).toEqual([451, 300]);
    expect(r.params).toEqual(codec.defaults);
    if (codec.lossless) {
      expect(r.psnr).toBe(Infinity);
      expect(r.ssim).toBe(1);
      expect(Buffer.from(r.decoded.data).equals(Buffer.from(chelsea.data))).toBe(true);
    } else {
      expect(r.psnr).toBeGreaterThan(20);
      expect(r.psnr).toBeLessThan(45);
      expect(r.ssim).toBeGreaterThan(0.5);
      expect(r.ssim).toBeLessThan(1);
      // Lower levels compress harder.
      const harder = await codec.encode(chelsea, 5);
      expect(harder.bytes).toBeLessThan(r.bytes);
    }
    expect(codec.versions()).toHaveProperty('libvips', sharp.versions.vips);
  });

  it('png level only changes the size, never the pixels', async () => {
    const png = getImageCodec('png');
    const fast = await png.encode(chelsea, 0);
    const small = await png.encode(chelsea, 9);
    expect(small.bytes).toBeLessThan(fast.bytes);
    expect(Buffer.from(fast.decoded.data).equals(Buffer.from(small.decoded.data))).toBe(true);
    await expect(png.encode(chelsea, 10)).rejects.toThrow('Expected integer between 0 and 9 for compression but received 10 of type number');
  });

  it('avif takes effort and chroma; its fast default is effort 2', async () => {
    const avif = getImageCodec('avif');
    expect(avif.defaults).toEqual({ effort: 2, chroma: '420' });
    const r = await avif.encode(chelsea, 30, { effort: '0', chroma: '444' });
    expect(r.params).toEqual({ effort: 0, chroma: '444' });
    await expect(avif.encode(chelsea, 30, { effort: 10 })).rejects.toThrow('Expected integer between 0 and 9 for effort but received 10 of type number');
  });

  it('refuses unknown and video codec ids with the ids it knows', () => {
    expect(() => getImageCodec('gif')).toThrow('Unknown codec "gif", expected one of: jpeg, mozjpeg, webp, avif, png, h264, h265, vp9, av1');
    expect(() => getImageCodec('h265')).toThrow('"h265" is a video codec, but this needs an image codec: one of jpeg, mozjpeg, webp, avif, png, h264 (');
  });
});
