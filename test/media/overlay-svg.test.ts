import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/media/decode.js';
import type { RgbImage } from '../../src/media/image.js';
import { overlaySvg } from '../../src/media/overlay-svg.js';

/** libvips compositing the whole SVG over the whole image: what overlaySvg must equal. */
async function wholeComposite(image: RgbImage, svgBody: string): Promise<Uint8Array> {
  const { width, height } = image;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${svgBody}</svg>`;
  return new Uint8Array(await sharp(image.data, { raw: { width, height, channels: 3 } }).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).removeAlpha().raw().toBuffer());
}

/** Every value 0–255 in every channel, so any pixel the blend would change shows. */
function ramp(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set([i % 256, (i >> 8) % 256, (i * 7 + 3) % 256], 3 * i);
  return { width, height, data };
}

const drawings: [string, string][] = [
  ['boxes and labels', '<rect x="10.5" y="20.25" width="200" height="120" fill="none" stroke="hsl(137, 90%, 50%)" stroke-width="3"/><rect x="10" y="2" width="90" height="18" fill="hsl(20, 90%, 50%)"/><text x="12" y="16" font-family="sans-serif" font-size="15" fill="#000">person 0.91</text>'],
  ['translucent fills and curves', '<circle cx="150" cy="100" r="70" fill="rgba(255,0,0,0.35)"/><ellipse cx="60" cy="160" rx="50" ry="20" fill="#00f" fill-opacity="0.6"/><line x1="0" y1="0" x2="300" y2="200" stroke="#0f0" stroke-opacity="0.5" stroke-width="4"/>'],
  ['shapes past the edges', '<rect x="-20" y="-20" width="400" height="400" fill="none" stroke="#fff" stroke-width="9"/><polygon points="280,190 320,150 330,230" fill="#ff0"/>'],
  ['nothing visible', '<rect x="10" y="10" width="50" height="50" fill="none"/>'],
];

describe('overlaySvg', () => {
  for (const [name, body] of drawings) {
    it(`gives libvips' own composite, pixel for pixel: ${name}`, async () => {
      for (const image of [ramp(300, 200), await decodeImage('demo/photos/chelsea.png')]) {
        const drawn = await overlaySvg(image, body);
        expect([drawn.width, drawn.height]).toEqual([image.width, image.height]);
        expect(Buffer.from(drawn.data).equals(Buffer.from(await wholeComposite(image, body)))).toBe(true);
      }
    });
  }

  it('leaves the input untouched', async () => {
    const image = ramp(64, 64);
    const before = new Uint8Array(image.data);
    await overlaySvg(image, drawings[0][1]);
    expect(image.data).toEqual(before);
  });
});
