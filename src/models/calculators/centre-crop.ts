import type { RgbImage } from '../../media/image.js';
import { resizeBilinear } from './resize-bilinear.js';

/**
 * torchvision's classification preprocessing geometry: Resize(shorter) — the shorter side
 * becomes `shorter`, the longer `int(shorter · long / short)` — then CenterCrop(width × height)
 * with offsets `int(round((size − crop) / 2))`. Bilinear with pixel centres; torchvision on PIL
 * images also antialiases when shrinking, which this does not. Returns float RGB HWC 0–255.
 */
export function resizeAndCentreCrop(image: RgbImage, shorter: number, width: number, height: number): Float32Array {
  const { width: w, height: h } = image;
  const [rw, rh] = w <= h ? [shorter, Math.trunc((shorter * h) / w)] : [Math.trunc((shorter * w) / h), shorter];
  const resized = resizeBilinear(image, rw, rh, { halfPixelCenters: true });
  const out = new Float32Array(width * height * 3);
  const top = Math.round((rh - height) / 2);
  const left = Math.round((rw - width) / 2);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(rh - 1, Math.max(0, y + top));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(rw - 1, Math.max(0, x + left)); // a crop larger than the image repeats the edge
      const s = (sy * rw + sx) * 3;
      const d = (y * width + x) * 3;
      out[d] = resized[s];
      out[d + 1] = resized[s + 1];
      out[d + 2] = resized[s + 2];
    }
  }
  return out;
}
