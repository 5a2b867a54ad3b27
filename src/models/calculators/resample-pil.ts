import type { RgbImage } from '../../media/image.js';

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

/** 8 bits of result, 2 of headroom for negative lobes: Pillow's fixed-point precision. */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

interface Coefficients {
  /** First input pixel of each output pixel's window. */
  start: Int32Array;
  /** Window length of each output pixel. */
  length: Int32Array;
  /** Fixed-point weights, `ksize` per output pixel. */
  weights: Int32Array;
  ksize: number;
}

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

/** Pillow's clip8: the accumulator shifted down by PRECISION_BITS (a floor), clamped to 0–255. */
function clip8(sum: number): number {
  const v = Math.floor(sum / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/**
 * `Image.resize((width, height), filter)` of an RGB image, as Pillow's ImagingResample computes
 * it (reducing_gap None, no box — what torchvision's `Resize` does to PIL images and timm's eval
 * transform): separable, horizontal pass first and rounded to 8 bits, then the vertical pass;
 * each output is the fixed-point sum of its window plus half, clipped. Integer sums stay below
 * 2^31, so float64 arithmetic is exact. An axis whose size does not change is not resampled.
 */
export function resamplePil(image: RgbImage, width: number, height: number, filter: PilFilter): RgbImage {
  const { width: inW, height: inH } = image;
  if (inW === width && inH === height) return { width, height, data: Uint8Array.from(image.data) };
  let current: RgbImage = image;
  if (width !== inW) {
    const c = coefficients(inW, width, filter);
    const out = new Uint8Array(width * inH * 3);
    // Locals, so the hot loops touch no object properties.
    const { start, length, weights, ksize } = c;
    const data = current.data;
    for (let y = 0; y < inH; y++) {
      const row = y * inW * 3;
      for (let xx = 0; xx < width; xx++) {
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
        const o = (y * width + xx) * 3;
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
      }
    }
    current = { width, height: inH, data: out };
  }
  if (height !== inH) {
    const c = coefficients(inH, height, filter);
    const out = new Uint8Array(width * height * 3);
    const stride = width * 3;
    const { start, length, weights, ksize } = c;
    const data = current.data;
    // Row by row: each output row adds its window's input rows, whole rows at a time (in the
    // same order per pixel as before, so the same sums), reading memory in order.
    const sums = new Float64Array(stride);
    for (let yy = 0; yy < height; yy++) {
      const ymin = start[yy];
      const n = length[yy];
      const k = yy * ksize;
      sums.fill(ONE / 2);
      for (let y = 0; y < n; y++) {
        const w = weights[k + y];
        const from = (ymin + y) * stride;
        for (let i = 0; i < stride; i++) sums[i] += data[from + i] * w;
      }
      const o = yy * stride;
      for (let i = 0; i < stride; i++) out[o + i] = clip8(sums[i]);
    }
    current = { width, height, data: out };
  }
  return current;
}
