import type { RgbImage } from '../../media/image.js';
import type { PixelWindow } from './resample-pil.js';
import { resizeBilinear } from './resize-bilinear.js';
import { roundHalfEven } from './round-half-even.js';

/**
 * torchvision's `Resize(side)` output size, [width, height]: the shorter side becomes `side`,
 * the longer `int(side · long / short)`.
 */
export function shorterSideSize(width: number, height: number, side: number): [number, number] {
  return width <= height ? [side, Math.trunc((side * height) / width)] : [Math.trunc((side * width) / height), side];
}

/** The longer side becomes `side`, the shorter `int(side · short / long)` (the mirror of shorterSideSize). */
export function longerSideSize(width: number, height: number, side: number): [number, number] {
  return width >= height ? [side, Math.trunc((side * height) / width)] : [Math.trunc((side * width) / height), side];
}

/** Padding, then the crop offset in the padded image, folded into one source offset per axis. */
function cropOffset(size: number, crop: number): number {
  const before = crop > size ? Math.floor((crop - size) / 2) : 0;
  const padded = crop > size ? crop : size;
  return roundHalfEven((padded - crop) / 2) - before;
}

/** Where torchvision's `CenterCrop` takes its pixels from a width × height image; undefined when it pads. */
export function centreCropWindow(width: number, height: number, cropWidth: number, cropHeight: number): PixelWindow | undefined {
  if (cropWidth > width || cropHeight > height) return undefined;
  return { left: cropOffset(width, cropWidth), top: cropOffset(height, cropHeight), width: cropWidth, height: cropHeight };
}

/**
 * torchvision's `CenterCrop` of float RGB HWC pixels: offsets `int(round((size − crop) / 2))`
 * with Python's half-to-even round; a crop larger than the image pads it with zeros first,
 * (crop − size) // 2 before and the rest after, as `F.center_crop` does.
 */
export function centreCrop(pixels: Float32Array, width: number, height: number, cropWidth: number, cropHeight: number): Float32Array {
  const left = cropOffset(width, cropWidth);
  const top = cropOffset(height, cropHeight);
  const out = new Float32Array(cropWidth * cropHeight * 3);
  for (let y = 0; y < cropHeight; y++) {
    const sy = y + top;
    if (sy < 0 || sy >= height) continue;
    for (let x = 0; x < cropWidth; x++) {
      const sx = x + left;
      if (sx < 0 || sx >= width) continue;
      const s = (sy * width + sx) * 3;
      const d = (y * cropWidth + x) * 3;
      out[d] = pixels[s];
      out[d + 1] = pixels[s + 1];
      out[d + 2] = pixels[s + 2];
    }
  }
  return out;
}

/**
 * The classifier's default geometry: Resize(shorter) then CenterCrop(width × height) as
 * torchvision computes them, but with a float bilinear resize (pixel centres) that does not
 * antialias; the `torchvision` preset resamples as PIL does instead (resample-pil.ts).
 * Returns float RGB HWC 0–255.
 */
export function resizeAndCentreCrop(image: RgbImage, shorter: number, width: number, height: number): Float32Array {
  const [rw, rh] = shorterSideSize(image.width, image.height, shorter);
  return centreCrop(resizeBilinear(image, rw, rh, { halfPixelCenters: true }), rw, rh, width, height);
}
