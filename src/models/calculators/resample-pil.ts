import type { RgbImage } from '../../media/image.js';
import { PRECISION_BITS, horizontalSimd, verticalSimd, type Coefficients } from './resample-pil-simd.js';

/** PIL's convolution filters that torchvision and timm use (Image.BILINEAR, Image.BICUBIC). */
export type PilFilter = 'bilinear' | 'bicubic';

const FILTERS: Record<PilFilter, { support: number; weight: (x: number) => number }> = {
  bilinear: {
    support: 1,
    weight: (x) => {
      const a = Math.abs(x);
      return a < 1 ? 1 - a : 0;
    },
  },
  bicubic: {
    support: 2,
    // Keys' cubic with a = −0.5, written as Pillow evaluates it.
    weight: (x) => {
      const a = Math.abs(x);
      if (a < 1) return ((-0.5 + 2) * a - (-0.5 + 3)) * a * a + 1;
      if (a < 2) return (((a - 5) * a + 8) * a - 4) * -0.5;
      return 0;
    },
  },
};

const ONE = 2 ** PRECISION_BITS;

/**
 * Pillow's precompute_coeffs + normalize_coeffs_8bpc for one axis: the filter is stretched by
 * the reduction factor (that is the antialiasing), each window's weights are normalised to sum
 * to 1 in float64 and then rounded to PRECISION_BITS fixed point, half away from zero.
 */
function coefficients(inSize: number, outSize: number, filter: PilFilter): Coefficients {
  const { support: baseSupport, weight } = FILTERS[filter];
  const scale = inSize / outSize;
  const filterScale = Math.max(1, scale);
  const support = baseSupport * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const length = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    // (int) casts in C truncate toward zero.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      k[x] = weight((x + xmin - center + 0.5) * ss);
      ww += k[x];
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? k[x] / ww : k[x];
      weights[xx * ksize + x] = Math.trunc(w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE);
    }
    start[xx] = xmin;
    length[xx] = xmax;
  }
  return { start, length, weights, ksize };
}

/** The coefficients of `count` output pixels from `from` (views, not copies). */
function slice({ start, length, weights, ksize }: Coefficients, from: number, count: number): Coefficients {
  return { start: start.subarray(from, from + count), length: length.subarray(from, from + count), weights: weights.subarray(from * ksize, (from + count) * ksize), ksize };
}

/** Pillow's clip8: the accumulator shifted down by PRECISION_BITS (a floor), clamped to 0–255. */
function clip8(sum: number): number {
  const v = Math.floor(sum / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** A rectangle of an image, in its pixels. */
export interface PixelWindow {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * `Image.resize((width, height), filter)` of an RGB image, as Pillow's ImagingResample computes
 * it (reducing_gap None, no box — what torchvision's `Resize` does to PIL images and timm's eval
 * transform): separable, horizontal pass first and rounded to 8 bits, then the vertical pass;
 * each output is the fixed-point sum of its window plus half, clipped. Integer sums stay below
 * 2^31, so float64 arithmetic is exact. An axis whose size does not change is not resampled.
 * Given `window` (inside width × height), only those output pixels are computed and returned:
 * each is computed as in the whole image, from the input rows and columns it reads, so a centre
 * crop after the resize costs only the pixels it keeps. Both passes run as WebAssembly SIMD
 * kernels where the runtime has them (resample-pil-simd.ts; the same bytes, test/models/
 * resample-pil-simd.test.ts), else, or with `kernels` 'js', as the JavaScript loops below.
 */
export function resamplePil(image: RgbImage, width: number, height: number, filter: PilFilter, window?: PixelWindow, kernels: 'simd' | 'js' = 'simd'): RgbImage {
  const { width: inW, height: inH } = image;
  const { left, top, width: outW, height: outH } = window ?? { left: 0, top: 0, width, height };
  const cols = width !== inW ? coefficients(inW, width, filter) : undefined;
  const rows = height !== inH ? coefficients(inH, height, filter) : undefined;
  // The input rows the window's output rows read (window starts and ends grow with the index).
  const rowFrom = rows ? rows.start[top] : top;
  const rowTo = rows ? rows.start[top + outH - 1] + rows.length[top + outH - 1] : top + outH;
  const midH = rowTo - rowFrom;
  const simd = kernels === 'simd';
  // Horizontal pass (or the columns as they are) over those rows: outW × midH.
  const source = image.data.subarray(rowFrom * inW * 3, rowTo * inW * 3);
  let mid: Uint8Array;
  if (cols) {
    const wanted = slice(cols, left, outW);
    mid = (simd ? horizontalSimd(source, inW, midH, outW, wanted) : undefined) ?? horizontalJs(source, inW, midH, outW, wanted);
  } else {
    mid = new Uint8Array(outW * midH * 3);
    for (let y = 0; y < midH; y++) mid.set(source.subarray((y * inW + left) * 3, (y * inW + left + outW) * 3), y * outW * 3);
  }
  if (!rows) return { width: outW, height: outH, data: mid };
  // Vertical pass, its windows counted in mid's rows.
  const wanted = slice(rows, top, outH);
  const inMid = { ...wanted, start: wanted.start.map((row) => row - rowFrom) };
  const out = (simd ? verticalSimd(mid, outW * 3, outH, inMid) : undefined) ?? verticalJs(mid, outW * 3, outH, inMid);
  return { width: outW, height: outH, data: out };
}

/** The horizontal pass in JavaScript (horizontalSimd's contract): outW pixels for each of `rows` RGB rows of width inW. */
function horizontalJs(data: Uint8Array, inW: number, rows: number, outW: number, cols: Coefficients): Uint8Array {
  const mid = new Uint8Array(outW * rows * 3);
  // Locals, so the hot loops touch no object properties.
  const { start, length, weights, ksize } = cols;
  for (let y = 0; y < rows; y++) {
    const row = y * inW * 3;
    for (let xx = 0; xx < outW; xx++) {
      const xmin = start[xx];
      const n = length[xx];
      const k = xx * ksize;
      let s0 = ONE / 2;
      let s1 = ONE / 2;
      let s2 = ONE / 2;
      for (let x = 0; x < n; x++) {
        const w = weights[k + x];
        const p = row + (xmin + x) * 3;
        s0 += data[p] * w;
        s1 += data[p + 1] * w;
        s2 += data[p + 2] * w;
      }
      const o = (y * outW + xx) * 3;
      mid[o] = clip8(s0);
      mid[o + 1] = clip8(s1);
      mid[o + 2] = clip8(s2);
    }
  }
  return mid;
}

/** The vertical pass in JavaScript (verticalSimd's contract): outH rows of `stride` bytes from the rows of mid. */
function verticalJs(mid: Uint8Array, stride: number, outH: number, rows: Coefficients): Uint8Array {
  const out = new Uint8Array(stride * outH);
  const { start, length, weights, ksize } = rows;
  // Row by row: each output row adds its window's input rows, whole rows at a time (in the
  // same order per pixel as before, so the same sums), reading memory in order.
  const sums = new Float64Array(stride);
  for (let yy = 0; yy < outH; yy++) {
    const ymin = start[yy];
    const n = length[yy];
    const k = yy * ksize;
    sums.fill(ONE / 2);
    for (let y = 0; y < n; y++) {
      const w = weights[k + y];
      const from = (ymin + y) * stride;
      for (let i = 0; i < stride; i++) sums[i] += mid[from + i] * w;
    }
    const o = yy * stride;
    for (let i = 0; i < stride; i++) out[o + i] = clip8(sums[i]);
  }
  return out;
}
