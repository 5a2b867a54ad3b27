import sharp, { type SharpOptions } from 'sharp';
import { LossyvisionError } from '../errors.js';
import type { RgbImage } from './image.js';
import { readInputFile } from './input-file.js';
import { maxPixels, pixelLimitMessage } from './limits.js';
import { decodeAloneError } from './decode-alone.js';

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
 * Multi-page files (GIF, TIFF) give their first page. An image whose header declares more than
 * `--max-pixels` (media/limits.ts) is refused before any pixel is decoded.
 */
export async function decodeImage(input: string | Uint8Array, options: DecodeOptions = {}): Promise<RgbImage> {
  const file = typeof input === 'string' ? input : options.file;
  const buffer = typeof input === 'string' ? await readImageFile(input) : input;
  const decoding: SharpOptions = { autoOrient: false, ignoreIcc: true, limitInputPixels: maxPixels() };
  try {
    const { data, info } = await sharp(buffer, decoding)
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    const first = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(first)) {
      const header = await sharp(buffer, { limitInputPixels: false }).metadata().catch(() => undefined);
      if (header?.width && header.height) throw new LossyvisionError('DECODE_FAILED', pixelLimitMessage(header.width, header.height), { file }, { cause: error });
    }
    // libvips' error text is shared by its threads: the reason comes from decoding these bytes alone (decode-alone.ts).
    const reason = (await decodeAloneError(buffer, decoding)) ?? first;
    throw new LossyvisionError('DECODE_FAILED', `cannot decode image: ${reason}`, { file }, { cause: error });
  }
}

/** Reads an image file: a regular file within the size cap (media/input-file.ts), else a user error naming it. */
export async function readImageFile(file: string): Promise<Uint8Array> {
  return readInputFile(file, { what: 'an image file', missing: 'no such file, expected an image file', folder: 'is a directory, expected an image file' });
}
