import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sourceFormat } from '../../src/media/source-format.js';

const png = readFileSync('demo/photos/chelsea.png');

describe('sourceFormat', () => {
  it('tells lossless from already-lossy sources', async () => {
    expect(sourceFormat(png)).toEqual({ format: 'png', lossy: false });
    expect(sourceFormat(readFileSync('demo/photos/rocket.jpg'))).toEqual({ format: 'jpeg', lossy: true });
    expect(sourceFormat(await sharp(png).gif().toBuffer())).toEqual({ format: 'gif', lossy: false });
    expect(sourceFormat(await sharp(png).tiff().toBuffer())).toEqual({ format: 'tiff', lossy: false });
    expect(sourceFormat(await sharp(png).avif({ effort: 0 }).toBuffer())).toEqual({ format: 'avif', lossy: true });
  });

  it('reads the WebP chunk: VP8 is lossy, VP8L lossless, also inside VP8X files', async () => {
    expect(sourceFormat(await sharp(png).webp({ quality: 50 }).toBuffer())).toEqual({ format: 'webp', lossy: true, variant: 'lossy' });
    expect(sourceFormat(await sharp(png).webp({ lossless: true }).toBuffer())).toEqual({
      format: 'webp',
      lossy: false,
      variant: 'lossless',
    });
    // An alpha channel makes an extended (VP8X) file with ALPH before the VP8 chunk.
    const withAlpha = await sharp(png).ensureAlpha(0.5).webp({ quality: 50 }).toBuffer();
    expect(String.fromCharCode(...withAlpha.subarray(12, 16))).toBe('VP8X');
    expect(sourceFormat(withAlpha)).toEqual({ format: 'webp', lossy: true, variant: 'lossy' });
  });

  it('says unknown for bytes it does not recognise', () => {
    expect(sourceFormat(new Uint8Array([1, 2, 3, 4]))).toEqual({ format: 'unknown', lossy: false });
    expect(sourceFormat(new Uint8Array(0))).toEqual({ format: 'unknown', lossy: false });
  });
});
