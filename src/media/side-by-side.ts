import sharp from 'sharp';
import type { RgbImage } from './image.js';

/** Two images next to each other on black, tops aligned. */
export async function sideBySide(left: RgbImage, right: RgbImage): Promise<RgbImage> {
  const raw = (img: RgbImage) => ({ raw: { width: img.width, height: img.height, channels: 3 as const } });
  const { data, info } = await sharp({ create: { width: left.width + right.width, height: Math.max(left.height, right.height), channels: 3, background: '#000' } })
    .composite([
      { input: Buffer.from(left.data.buffer, left.data.byteOffset, left.data.byteLength), ...raw(left), left: 0, top: 0 },
      { input: Buffer.from(right.data.buffer, right.data.byteOffset, right.data.byteLength), ...raw(right), left: left.width, top: 0 },
    ])
    // Compositing adds an alpha channel; an RgbImage has three.
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
