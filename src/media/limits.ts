import { invalidParameter } from '../errors.js';

/**
 * The input limits that keep a hostile or mistaken file from taking the machine: images are
 * refused by their header's size before any pixel is decoded (as sharp's `limitInputPixels`
 * does), and no input file larger than the byte cap is read into memory.
 *
 * `--max-pixels` (run, eval, predict) sets the pixel limit; it is also passed on through the
 * environment (LOSSYVISION_MAX_PIXELS), so sweep worker threads started afterwards apply the
 * same limit.
 */

/** 100 megapixels: a 10 000 × 10 000 image (300 MB as RGB) passes, a 16 000 × 16 000 one does not. */
export const DEFAULT_MAX_PIXELS = 100_000_000;
/** 1 GiB: larger than any annotation file or image of an ordinary dataset (COCO's train instances are 450 MB). */
export const DEFAULT_MAX_FILE_BYTES = 1024 ** 3;

const PIXELS_ENV = 'LOSSYVISION_MAX_PIXELS';

let pixelOverride: number | undefined;

function checkPixels(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw invalidParameter('integer of at least 1', name, value);
  return value;
}

/** The largest width × height any image, mask or depth map may declare. */
export function maxPixels(): number {
  if (pixelOverride !== undefined) return pixelOverride;
  const env = process.env[PIXELS_ENV];
  if (env === undefined || env === '') return DEFAULT_MAX_PIXELS;
  return checkPixels(Number(env), PIXELS_ENV);
}

/** Sets the pixel limit for this process and for worker threads it starts later; undefined restores the default. */
export function setMaxPixels(value: number | undefined): void {
  if (value === undefined) {
    pixelOverride = undefined;
    delete process.env[PIXELS_ENV];
    return;
  }
  pixelOverride = checkPixels(value, '--max-pixels');
  process.env[PIXELS_ENV] = String(pixelOverride);
}

/** The largest input file read into memory, in bytes. */
export function maxFileBytes(): number {
  return DEFAULT_MAX_FILE_BYTES;
}

/** The refusal, naming the file: "Expected at most 100000000 pixels (--max-pixels) but the header says 40000×40000". */
export function pixelLimitMessage(width: number, height: number): string {
  return `Expected an image of at most ${maxPixels()} pixels (--max-pixels) but its header says ${width}×${height} = ${width * height}`;
}

/** Whether width × height is within the limit (checked from the header, before decoding). */
export function withinPixelLimit(width: number, height: number): boolean {
  return width * height <= maxPixels();
}
