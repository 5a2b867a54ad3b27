import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { jpeg } from '../../src/codecs/jpeg.js';
import { mozjpeg } from '../../src/codecs/mozjpeg.js';
import { decodeImage } from '../../src/media/decode.js';
import type { RgbImage } from '../../src/media/image.js';

let astronaut: RgbImage;
beforeAll(async () => {
  astronaut = await decodeImage('demo/photos/astronaut.png');
});

/** The component sampling factors of the frame header (SOF0/SOF2): 0x22 = 2×2, 0x11 = 1×1. */
function samplingFactors(bitstream: Uint8Array): number[] {
  for (let i = 2; i + 4 < bitstream.length; ) {
    const marker = bitstream[i + 1];
    const length = (bitstream[i + 2] << 8) | bitstream[i + 3];
    if (marker === 0xc0 || marker === 0xc2) {
      const components = bitstream[i + 9];
      return Array.from({ length: components }, (_, c) => bitstream[i + 11 + 3 * c]);
    }
    i += 2 + length;
  }
  throw new Error('no SOF marker');
}

describe('jpeg codec', () => {
  it('writes a complete baseline JPEG and decodes it at the original size', async () => {
    const r = await jpeg.encode(astronaut, 50);
    expect(Array.from(r.bitstream.subarray(0, 2))).toEqual([0xff, 0xd8]); // SOI
    expect(Array.from(r.bitstream.subarray(-2))).toEqual([0xff, 0xd9]); // EOI
    expect(r.bytes).toBe(r.bitstream.byteLength);
    expect(r.bpp).toBe((8 * r.bytes) / (512 * 512));
    expect([r.decoded.width, r.decoded.height]).toEqual([512, 512]);
    expect(r.decoded.data.length).toBe(512 * 512 * 3);
    expect(r).toMatchObject({ codec: 'jpeg', level: 50, params: { chroma: '420' } });
    expect(samplingFactors(r.bitstream)).toEqual([0x22, 0x11, 0x11]);
  });

  it('gets smaller and worse as quality falls', async () => {
    const results = [];
    for (const q of [95, 75, 50, 15, 10, 5]) results.push(await jpeg.encode(astronaut, q));
    for (let i = 1; i < results.length; i++) {
      expect(results[i].bytes).toBeLessThan(results[i - 1].bytes);
      expect(results[i].psnr).toBeLessThan(results[i - 1].psnr);
      expect(results[i].ssim).toBeLessThan(results[i - 1].ssim);
    }
  });

  it('keeps 4:2:0 at quality 95 and gives 4:4:4 on request, which costs more bytes', async () => {
    const q95 = await jpeg.encode(astronaut, 95);
    expect(samplingFactors(q95.bitstream)).toEqual([0x22, 0x11, 0x11]);
    const sub = await jpeg.encode(astronaut, 50, { chroma: '420' });
    const full = await jpeg.encode(astronaut, 50, { chroma: '4:4:4' });
    expect(full.params.chroma).toBe('444');
    expect(samplingFactors(full.bitstream)).toEqual([0x11, 0x11, 0x11]);
    expect(full.bytes).toBeGreaterThan(sub.bytes);
    expect(full.psnr).toBeGreaterThan(sub.psnr);
  });

  it('decodes to exactly the pixels of Pillow quality=q, optimize=True (the IJG scale)', async () => {
    // Hashes from scripts/reference/fidelity_reference.py (Pillow 9.4, Debian libjpeg-turbo).
    const reference = JSON.parse(readFileSync('test/fixtures/fidelity/reference.json', 'utf8')) as {
      pillowJpeg: { image: string; quality: number; decodedSha256: string }[];
    };
    for (const { quality, decodedSha256 } of reference.pillowJpeg) {
      const r = await jpeg.encode(astronaut, quality);
      expect(createHash('sha256').update(r.decoded.data).digest('hex'), `quality ${quality}`).toBe(decodedSha256);
    }
  });

  it('rejects quality 0 and 101 with the range', async () => {
    await expect(jpeg.encode(astronaut, 0)).rejects.toThrow('Expected integer between 1 and 100 for quality but received 0 of type number');
    await expect(jpeg.encode(astronaut, 101)).rejects.toThrow('Expected integer between 1 and 100 for quality but received 101 of type number');
    await expect(jpeg.encode(astronaut, 50.5)).rejects.toThrow('Expected integer between 1 and 100 for quality but received 50.5 of type number');
    await expect(jpeg.encode(astronaut, 50, { chroma: '422' })).rejects.toThrow('Expected one of 420, 444 for chroma but received "422" of type string');
    await expect(jpeg.encode(astronaut, 50, { effort: 3 })).rejects.toThrow('Unknown jpeg parameter "effort", expected one of: chroma');
  });
});

describe('mozjpeg codec', () => {
  it('writes a progressive JPEG on its own scale, unlike IJG jpeg at the same quality', async () => {
    const m = await mozjpeg.encode(astronaut, 50);
    const j = await jpeg.encode(astronaut, 50);
    expect(Array.from(m.bitstream.subarray(0, 2))).toEqual([0xff, 0xd8]);
    const meta = await sharp(m.bitstream).metadata();
    expect(meta.isProgressive).toBe(true);
    expect(m.bytes).not.toBe(j.bytes);
    expect(Buffer.compare(Buffer.from(m.decoded.data), Buffer.from(j.decoded.data))).not.toBe(0);
  });
});
