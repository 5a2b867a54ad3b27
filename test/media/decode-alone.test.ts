import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/media/decode.js';
import { decodeAloneError } from '../../src/media/decode-alone.js';
import { maxPixels } from '../../src/media/limits.js';

// decodeImage's input options (media/decode.ts).
const input = { autoOrient: false, ignoreIcc: true, limitInputPixels: maxPixels() };
const photo = (ext: string): Buffer => readFileSync(`demo/photos/${readdirSync('demo/photos').find((f) => f.endsWith(ext))!}`);
const png = photo('.png');
const jpeg = photo('.jpg');
// Three different faults: a PNG and a JPEG cut in half, and bytes that are no image.
const broken = [png.subarray(0, png.length >> 1), jpeg.subarray(0, jpeg.length >> 1), Buffer.from('not an image at all')];

/**
 * The reference: decodeImage's pipeline on each image in a process of its own, one image at a
 * time (this process's libvips is shared with the test files running beside it, whose failures
 * would mix into its messages).
 */
function aloneMessages(images: readonly Uint8Array[]): string[] {
  const script = `
    const sharp = require(${JSON.stringify(createRequire(import.meta.url).resolve('sharp'))});
    const images = JSON.parse(require('fs').readFileSync(0, 'utf8')).map((b) => Buffer.from(b, 'base64'));
    (async () => {
      const out = [];
      for (const bytes of images) {
        out.push(await sharp(bytes, { autoOrient: false, ignoreIcc: true, limitInputPixels: ${maxPixels()} })
          .removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer().then(() => null, (e) => e.message));
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const input = JSON.stringify(images.map((b) => Buffer.from(b).toString('base64')));
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { input, encoding: 'utf8', maxBuffer: 1 << 26 })) as string[];
}

describe('decode failures name the image\'s own fault', () => {
  it('gives the message of decoding the bytes alone, for each fault', async () => {
    const expected = aloneMessages(broken);
    for (const [i, bytes] of broken.entries()) expect(await decodeAloneError(bytes, input)).toBe(expected[i]);
    expect(await decodeAloneError(png, input)).toBeUndefined(); // bytes that decode have no fault
  });

  it('gives every failure its own message when many fail at once', async () => {
    const expected = aloneMessages(broken);
    expect(new Set(expected).size).toBe(3);
    // 60 concurrent failures: without the isolated decode, libvips' shared error buffer mixes the messages.
    const messages = await Promise.all(
      Array.from({ length: 60 }, (_, i) => decodeImage(broken[i % 3], { file: `f${i}` }).then(() => 'decoded', (e: Error) => e.message)),
    );
    expect(messages).toEqual(Array.from({ length: 60 }, (_, i) => `f${i}: cannot decode image: ${expected[i % 3]}`));
  });
});
