import sharp from 'sharp';
import type { RgbImage } from './image.js';

/**
 * Nearest-neighbour enlargement by the smallest whole factor that makes the image at least
 * `minWidthPx` wide (unchanged when it already is): compression blocks stay sharp, and text drawn
 * over a 28 × 28 digit or a 32 × 32 clip stays legible.
 */
export async function enlargeTo(image: RgbImage, minWidthPx: number): Promise<RgbImage> {
  const factor = Math.ceil(minWidthPx / image.width);
  if (factor <= 1) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize({ width: image.width * factor, height: image.height * factor, kernel: 'nearest' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
