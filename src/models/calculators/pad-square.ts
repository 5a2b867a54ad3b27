import type { RgbImage } from '../../media/image.js';
import type { InputTransform } from './letterbox.js';
import { resizeBilinear } from './resize-bilinear.js';

/**
 * @vladmandic/human's MoveNet input (src/body/movenetfix.ts padInput): black padding of
 * trunc(|W − H| / 2) on both sides of the short axis, then tf.image.resizeBilinear (no
 * half-pixel centres) to size × size, then a cast to int32 (truncation toward zero).
 * The transform follows letterbox's convention (xIn = x · scaleX + padLeft, input pixels).
 */
export function padSquare(image: RgbImage, size: number): { pixels: Int32Array; transform: InputTransform } {
  const { width, height } = image;
  const padX = width < height ? Math.trunc((height - width) / 2) : 0;
  const padY = height < width ? Math.trunc((width - height) / 2) : 0;
  const paddedW = width + 2 * padX;
  const paddedH = height + 2 * padY;
  const padded = new Uint8Array(paddedW * paddedH * 3);
  for (let y = 0; y < height; y++) {
    padded.set(image.data.subarray(y * width * 3, (y + 1) * width * 3), ((y + padY) * paddedW + padX) * 3);
  }
  const resized = resizeBilinear({ width: paddedW, height: paddedH, data: padded }, size, size, { halfPixelCenters: false });
  const pixels = new Int32Array(resized.length);
  for (let i = 0; i < resized.length; i++) pixels[i] = Math.trunc(resized[i]);
  const scaleX = size / paddedW;
  const scaleY = size / paddedH;
  return { pixels, transform: { scaleX, scaleY, padLeft: padX * scaleX, padTop: padY * scaleY, width, height } };
}
