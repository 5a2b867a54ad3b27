import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LossyvisionError } from '../../src/errors.js';
import { decodeImage } from '../../src/media/decode.js';

const chelsea = 'demo/photos/chelsea.png';
const pixel = (d: Uint8Array, i: number): number[] => Array.from(d.subarray(3 * i, 3 * i + 3));

describe('decodeImage', () => {
  it('gives 8-bit interleaved RGB at the stored size', async () => {
    const image = await decodeImage(chelsea);
    expect([image.width, image.height]).toEqual([451, 300]);
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect(image.data.length).toBe(451 * 300 * 3);
  });

  it('reads the stored pixels of a JPEG with an ICC profile, as PIL does (profile ignored)', async () => {
    // rocket.jpg embeds an ICC profile; the hash is PIL's Image.open().convert('RGB') (reference.json).
    const reference = JSON.parse(readFileSync('test/fixtures/fidelity/reference.json', 'utf8')) as {
      pairs: { reference: string; referenceSha256: string }[];
    };
    const expected = reference.pairs.find((p) => p.reference === 'demo/photos/rocket.jpg')!.referenceSha256;
    const image = await decodeImage('demo/photos/rocket.jpg');
    expect(createHash('sha256').update(image.data).digest('hex')).toBe(expected);
  });

  it('does not apply EXIF orientation: annotations refer to stored pixels', async () => {
    const rotated = await sharp(chelsea).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const image = await decodeImage(rotated);
    expect([image.width, image.height]).toEqual([451, 300]);
  });

  it('keeps the high byte of 16-bit samples, as PIL does', async () => {
    const image = await decodeImage(png16(1, 2, [0x12ff, 0x8001, 0xffff, 0x00ff, 0x0100, 0xfeff]));
    expect([image.width, image.height]).toEqual([1, 2]);
    expect(Array.from(image.data)).toEqual([0x12, 0x80, 0xff, 0x00, 0x01, 0xfe]);
  });

  it('turns grey into R = G = B and drops alpha, keeping the colour under it', async () => {
    const grey = await sharp(chelsea).toColourspace('b-w').png().toBuffer();
    const g = await decodeImage(grey);
    expect(g.data.length).toBe(451 * 300 * 3);
    const [r, gg, b] = pixel(g.data, 1000);
    expect(r).toBe(gg);
    expect(gg).toBe(b);

    const rgba = Buffer.from([200, 100, 50, 0, 10, 20, 30, 128]);
    const png = await sharp(rgba, { raw: { width: 2, height: 1, channels: 4 } }).png().toBuffer();
    const image = await decodeImage(png);
    expect(Array.from(image.data)).toEqual([200, 100, 50, 10, 20, 30]);
  });

  it('names the file when the bytes are not an image', async () => {
    const error = await decodeImage(new TextEncoder().encode('not an image'), { file: 'x/broken.png' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LossyvisionError);
    expect((error as LossyvisionError).code).toBe('DECODE_FAILED');
    expect((error as LossyvisionError).message).toMatch(/^x\/broken\.png: cannot decode image: /);
  });

  it('names a missing file', async () => {
    await expect(decodeImage('demo/photos/nope.png')).rejects.toThrow('demo/photos/nope.png: no such file, expected an image file');
  });
});

/** A 16-bit RGB PNG written byte by byte, so the test does not depend on an encoder's choices. */
function png16(width: number, height: number, samples: number[]): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([16, 2, 0, 0, 0], 8); // bit depth 16, colour type 2 (RGB)
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (const s of samples.slice(y * width * 3, (y + 1) * width * 3)) rows.push(s >> 8, s & 0xff);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
