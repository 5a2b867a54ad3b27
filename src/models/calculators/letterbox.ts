import type { RgbImage } from '../../media/image.js';
import { resizeBilinear } from './resize-bilinear.js';
import { resizeImage, type Resample } from './resize-image.js';

/** Where the original image sits inside the network input. */
export interface InputTransform {
  /** Input pixels per original pixel, per axis (equal when the aspect ratio is kept). */
  scaleX: number;
  scaleY: number;
  padLeft: number;
  padTop: number;
  /** Original image size, for clipping boxes mapped back. */
  width: number;
  height: number;
}

/**
 * Ultralytics' LetterBox geometry: one scale for both axes, the resized image centred, padding
 * split with round(d − 0.1) on the top/left side.
 */
export function letterboxGeometry(width: number, height: number, inputWidth: number, inputHeight: number): InputTransform {
  const scale = Math.min(inputWidth / width, inputHeight / height);
  const resizedW = Math.round(width * scale);
  const resizedH = Math.round(height * scale);
  // max(0, …): Math.round(-0.1) is -0, Python int(round(-0.1)) is 0.
  const padLeft = Math.max(0, Math.round((inputWidth - resizedW) / 2 - 0.1));
  const padTop = Math.max(0, Math.round((inputHeight - resizedH) / 2 - 0.1));
  return { scaleX: scale, scaleY: scale, padLeft, padTop, width, height };
}

/** Resizes into a `inputWidth × inputHeight` canvas filled with `padValue`; float RGB HWC 0–255. */
export function letterbox(image: RgbImage, inputWidth: number, inputHeight: number, padValue = 114, resample: Resample = 'bilinear'): { pixels: Float32Array; transform: InputTransform } {
  const transform = letterboxGeometry(image.width, image.height, inputWidth, inputHeight);
  const resizedW = Math.round(image.width * transform.scaleX);
  const resizedH = Math.round(image.height * transform.scaleY);
  const resized = resample === 'bilinear' ? resizeBilinear(image, resizedW, resizedH, { halfPixelCenters: true }) : resizeImage(image, resizedW, resizedH, resample);
  const pixels = new Float32Array(inputWidth * inputHeight * 3).fill(padValue);
  for (let y = 0; y < resizedH; y++) {
    const dst = ((y + transform.padTop) * inputWidth + transform.padLeft) * 3;
    pixels.set(resized.subarray(y * resizedW * 3, (y + 1) * resizedW * 3), dst);
  }
  return { pixels, transform };
}

/**
 * Plain resize to the input size (aspect ratio not kept), as a transform of the same shape.
 * `into`: see resizeBilinear (a scratch buffer the caller consumes before its next call).
 */
export function stretch(image: RgbImage, inputWidth: number, inputHeight: number, halfPixelCenters: boolean, into?: Float32Array): { pixels: Float32Array; transform: InputTransform } {
  const pixels = resizeBilinear(image, inputWidth, inputHeight, { halfPixelCenters }, into);
  return {
    pixels,
    transform: { scaleX: inputWidth / image.width, scaleY: inputHeight / image.height, padLeft: 0, padTop: 0, width: image.width, height: image.height },
  };
}
