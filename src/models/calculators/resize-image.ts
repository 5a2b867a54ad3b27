import type { RgbImage } from '../../media/image.js';
import { centreCrop, centreCropWindow } from './centre-crop.js';
import { resamplePil } from './resample-pil.js';
import { resizeBilinear } from './resize-bilinear.js';
import { resizeOpenCvLinear } from './resize-opencv.js';
import { resizeTensorBilinear } from './resize-tensor.js';

/**
 * How an image is resized for a network:
 * - `bilinear`: float bilinear with pixel centres, no antialiasing, not rounded (OpenCV's
 *   INTER_LINEAR and `F.interpolate` arithmetic); lossyvision's default;
 * - `pil-bilinear`, `pil-bicubic`: PIL's `Image.resize`, antialiased, 8-bit (torchvision's
 *   `Resize` on PIL images, timm's eval transform);
 * - `tensor-bilinear`: torchvision 0.14's `Resize` on a uint8 tensor, no antialiasing, rounded
 *   to 8 bits (its video transforms);
 * - `opencv-bilinear`: `cv2.resize(INTER_LINEAR)` on 8-bit images, OpenCV's fixed point
 *   (Ultralytics' letterbox).
 */
export const RESAMPLES = ['bilinear', 'pil-bilinear', 'pil-bicubic', 'tensor-bilinear', 'opencv-bilinear'] as const;
export type Resample = (typeof RESAMPLES)[number];

/** The image resized to width × height; float RGB HWC 0–255. */
export function resizeImage(image: RgbImage, width: number, height: number, resample: Resample): Float32Array {
  switch (resample) {
    case 'bilinear':
      return resizeBilinear(image, width, height, { halfPixelCenters: true });
    case 'pil-bilinear':
      return Float32Array.from(resamplePil(image, width, height, 'bilinear').data);
    case 'pil-bicubic':
      return Float32Array.from(resamplePil(image, width, height, 'bicubic').data);
    case 'tensor-bilinear':
      return Float32Array.from(resizeTensorBilinear(image, width, height).data);
    case 'opencv-bilinear':
      return Float32Array.from(resizeOpenCvLinear(image, width, height).data);
  }
}

/**
 * The image resized to width × height, then torchvision's `CenterCrop` to cropWidth × cropHeight;
 * float RGB HWC 0–255. PIL resamples compute only the pixels the crop keeps (the same values:
 * test/models/resize-crop.test.ts): 640 × 480 → 341 × 256 → 224 × 224 took 7.5 ms of CPU, 4.3 ms
 * so, 0.5 ms with the WebAssembly SIMD passes.
 */
export function resizeCentreCrop(image: RgbImage, width: number, height: number, resample: Resample, cropWidth: number, cropHeight: number): Float32Array {
  const window = centreCropWindow(width, height, cropWidth, cropHeight);
  if (window && (resample === 'pil-bilinear' || resample === 'pil-bicubic')) {
    return Float32Array.from(resamplePil(image, width, height, resample === 'pil-bilinear' ? 'bilinear' : 'bicubic', window).data);
  }
  return centreCrop(resizeImage(image, width, height, resample), width, height, cropWidth, cropHeight);
}
