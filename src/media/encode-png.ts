import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { LossyvisionError } from '../errors.js';
import type { RgbImage } from './image.js';

/** An RGB image as PNG bytes (lossless, so a drawing shows exactly the pixels drawn). */
export async function encodePng(image: RgbImage): Promise<Uint8Array> {
  const raw = { width: image.width, height: image.height, channels: 3 as const };
  return new Uint8Array(await sharp(image.data, { raw }).png().toBuffer());
}

/** Writes an RGB image as a PNG file. */
export async function writePng(image: RgbImage, file: string): Promise<void> {
  try {
    await writeFile(file, await encodePng(image));
  } catch (error) {
    throw new LossyvisionError('INVALID_FILE', `cannot write the PNG: ${error instanceof Error ? error.message : String(error)}`, { file }, { cause: error });
  }
}
