import { describe, it, expect } from 'vitest';
import sharp from 'sharp';
import { decodeScalarPng, encodeGrayPng, readScalarPng } from '../../src/media/png16.js';

describe('scalar PNG reading', () => {
  it('round-trips 16-bit and 8-bit grayscale exactly', () => {
    const values = [0, 1, 255, 256, 1000, 65535];
    const png16 = decodeScalarPng(encodeGrayPng(3, 2, 16, values), 'a.png');
    expect(png16).toMatchObject({ width: 3, height: 2, bitDepth: 16, kind: 'gray' });
    expect(Array.from(png16.data)).toEqual(values);
    const png8 = decodeScalarPng(encodeGrayPng(2, 2, 8, [0, 7, 200, 255]), 'b.png');
    expect(Array.from(png8.data)).toEqual([0, 7, 200, 255]);
  });

  it('undoes every row filter (sharp/libpng choose adaptive filters)', async () => {
    const width = 37;
    const height = 23;
    const pixels = Buffer.alloc(width * height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + ((i / width) | 0) * 13) % 251;
    const png = await sharp(pixels, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ adaptiveFiltering: true, compressionLevel: 9 }).toBuffer();
    expect(Array.from(decodeScalarPng(png, 'c.png').data)).toEqual(Array.from(pixels));
  });

  it('returns palette indices, not colours (Pillow-written palette PNG)', async () => {
    // The fixture's palette maps index i to grey (37·i) mod 256, so colours ≠ indices.
    const png = await readScalarPng(new URL('../fixtures/segmentation/palette/gt/img_00.png', import.meta.url).pathname);
    expect(png.kind).toBe('palette');
    const values = new Set(png.data);
    for (const v of values) expect(v === 255 || v < 8).toBe(true);
  });

  it('refuses colour PNGs and names the file', async () => {
    const rgb = await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
    expect(() => decodeScalarPng(rgb, 'x.png')).toThrow('x.png: Expected a single-channel PNG (grayscale or palette) but received colour type 2');
    expect(() => decodeScalarPng(Buffer.from('hello'), 'y.png')).toThrow('y.png: Expected a PNG file');
  });

  it('reports a missing file as FILE_NOT_FOUND', async () => {
    await expect(readScalarPng('/nonexistent/z.png')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', file: '/nonexistent/z.png' });
  });
});
