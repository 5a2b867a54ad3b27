import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { LossyvisionError } from '../errors.js';
import type { RgbImage } from './image.js';

export interface DecodeOptions {
  /** Names the image in error messages when the input is a buffer. */
  file?: string;
}

/**
 * Decodes any image sharp reads (JPEG, PNG, WebP, AVIF/HEIF, GIF, TIFF, …) into 8-bit RGB.
 * The pixels are the ones stored in the file, read the way PIL's `Image.open(f).convert('RGB')`
 * reads them, because that is how the user's model and annotations saw them:
 * - no EXIF auto-rotation: box and keypoint annotations refer to stored pixel coordinates
 *   (COCO, VOC and PIL-based loaders ignore the Orientation tag), so rotating would misalign them;
 * - embedded ICC profiles are ignored (PIL, OpenCV and torchvision do not apply them);
 * - alpha is dropped, keeping the stored colour under it (PIL's convert('RGB')), not composited;
 * - grey becomes R = G = B, 16-bit samples keep their high byte (v >> 8, as PIL does),
 *   CMYK is converted to sRGB.
 * Multi-page files (GIF, TIFF) give their first page.
 */
export async function decodeImage(input: string | Uint8Array, options: DecodeOptions = {}): Promise<RgbImage> {
  const file = typeof input === 'string' ? input : options.file;
  const buffer = typeof input === 'string' ? await readImageFile(input) : input;
  try {
    const { data, info } = await sharp(buffer, { autoOrient: false, ignoreIcc: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LossyvisionError('DECODE_FAILED', `cannot decode image: ${reason}`, { file }, { cause: error });
  }
}

/** Reads an image file, turning "no such file" into a user error that names it. */
export async function readImageFile(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LossyvisionError('FILE_NOT_FOUND', 'no such file, expected an image file', { file });
    if (code === 'EISDIR') throw new LossyvisionError('INVALID_FILE', 'is a directory, expected an image file', { file });
    throw new LossyvisionError('INVALID_FILE', `cannot read: ${(error as Error).message}`, { file }, { cause: error });
  }
}
