import type { RgbImage } from '../../media/image.js';

export interface ResizeOptions {
  /**
   * false: TF.js `resizeBilinear` default (source = dst × scale), what @vladmandic/human feeds
   * its detectors. true: pixel-centre alignment as OpenCV's INTER_LINEAR and PIL use.
   */
  halfPixelCenters?: boolean;
}

/**
 * Bilinear resize of an 8-bit RGB image to float RGB, HWC, values 0–255, following
 * tf.image.resizeBilinear(alignCorners=false) index arithmetic exactly.
 */
export function resizeBilinear(image: RgbImage, width: number, height: number, options: ResizeOptions = {}, into?: Float32Array): Float32Array {
  const { width: inW, height: inH, data } = image;
  const half = options.halfPixelCenters ?? false;
  // `into`: a scratch buffer of exactly the output size, reused by a caller that consumes the
  // result before its next call (every value is written, so no clearing is needed).
  const out = into?.length === width * height * 3 ? into : new Float32Array(width * height * 3);
  const rowRatio = inH / height;
  const colRatio = inW / width;
  // Column lookups are the same for every row: compute once.
  const left = new Int32Array(width);
  const right = new Int32Array(width);
  const colFrac = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const src = half ? colRatio * (x + 0.5) - 0.5 : colRatio * x;
    const l = Math.max(0, Math.floor(src));
    left[x] = l * 3;
    right[x] = Math.min(inW - 1, Math.ceil(src)) * 3;
    colFrac[x] = src - l;
  }
  let o = 0;
  for (let y = 0; y < height; y++) {
    const src = half ? rowRatio * (y + 0.5) - 0.5 : rowRatio * y;
    const t = Math.max(0, Math.floor(src));
    const top = t * inW * 3;
    const bottom = Math.min(inH - 1, Math.ceil(src)) * inW * 3;
    const rowFrac = src - t;
    for (let x = 0; x < width; x++) {
      const cf = colFrac[x];
      for (let c = 0; c < 3; c++) {
        const tl = data[top + left[x] + c];
        const tr = data[top + right[x] + c];
        const bl = data[bottom + left[x] + c];
        const br = data[bottom + right[x] + c];
        const upper = tl + (tr - tl) * cf;
        const lower = bl + (br - bl) * cf;
        out[o++] = upper + (lower - upper) * rowFrac;
      }
    }
  }
  return out;
}
