import sharp from 'sharp';
import type { RgbImage } from './image.js';

/** Text made safe for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Row length of the packed pixels blended in overlaySvg. */
const PACKED_WIDTH = 1024;

/**
 * Draws an SVG (its coordinates in image pixels) over an image: task drawings describe
 * shapes and labels as SVG and let libvips rasterise them, antialiased, with fonts.
 *
 * libvips blends every pixel under an overlay, transparent or not, and the blend costs more
 * than rasterising; so the SVG is rasterised alone and only the pixels it covers are blended,
 * packed side by side. The result is the same: libvips' "over" works pixel by pixel, and a
 * transparent pixel leaves the one below unchanged.
 */
export async function overlaySvg(image: RgbImage, svgBody: string): Promise<RgbImage> {
  const { width, height } = image;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${svgBody}</svg>`;
  const layer = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
  const data = new Uint8Array(image.data);
  const pixels = width * height;
  let count = 0;
  for (let i = 0; i < pixels; i++) if (layer[4 * i + 3] !== 0) count++;
  if (count === 0) return { width, height, data };
  const covered = new Uint32Array(count);
  for (let i = 0, k = 0; i < pixels; i++) if (layer[4 * i + 3] !== 0) covered[k++] = i;
  const packedWidth = Math.min(count, PACKED_WIDTH);
  const packedHeight = Math.ceil(count / packedWidth);
  // The tail of the last row stays black under a transparent overlay, and is not read back.
  const under = new Uint8Array(packedWidth * packedHeight * 3);
  const over = Buffer.alloc(packedWidth * packedHeight * 4);
  for (let k = 0; k < count; k++) {
    const i = covered[k];
    for (let c = 0; c < 3; c++) under[3 * k + c] = image.data[3 * i + c];
    for (let c = 0; c < 4; c++) over[4 * k + c] = layer[4 * i + c];
  }
  const blended = await sharp(under, { raw: { width: packedWidth, height: packedHeight, channels: 3 } })
    .composite([{ input: over, raw: { width: packedWidth, height: packedHeight, channels: 4 }, top: 0, left: 0 }])
    .removeAlpha()
    .raw()
    .toBuffer();
  for (let k = 0; k < count; k++) {
    const i = covered[k];
    for (let c = 0; c < 3; c++) data[3 * i + c] = blended[3 * k + c];
  }
  return { width, height, data };
}
