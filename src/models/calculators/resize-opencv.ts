import type { RgbImage } from '../../media/image.js';

const f32 = Math.fround;
/** OpenCV's INTER_RESIZE_COEF_BITS: bilinear weights are 11-bit fixed point. */
const COEF_SCALE = 2048;

/** cvRound: to nearest, halves to even (lrint). */
function cvRound(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** OpenCV's per-axis source index and fixed-point weights for INTER_LINEAR. */
function axis(inSize: number, outSize: number, clampIndex: boolean): { index: Int32Array; w0: Int32Array; w1: Int32Array } {
  const index = new Int32Array(outSize);
  const w0 = new Int32Array(outSize);
  const w1 = new Int32Array(outSize);
  const scale = 1 / (outSize / inSize);
  for (let d = 0; d < outSize; d++) {
    let f = f32((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f = f32(f - s);
    if (clampIndex && s < 0) {
      f = 0;
      s = 0;
    }
    if (clampIndex && s >= inSize - 1) {
      f = 0;
      s = inSize - 1;
    }
    index[d] = s;
    w0[d] = cvRound(f32(1 - f) * COEF_SCALE);
    w1[d] = cvRound(f * COEF_SCALE);
  }
  return { index, w0, w1 };
}

/**
 * `cv2.resize(img, (width, height), interpolation=cv2.INTER_LINEAR)` of an 8-bit RGB image as
 * OpenCV 4's generic resize computes it (what Ultralytics' LetterBox calls): 11-bit weights, a
 * horizontal pass into 32-bit sums, then the vertical pass of its 8-bit specialisation (SIMD and
 * scalar alike): (((S0 >> 4) · b0 >> 16) + ((S1 >> 4) · b1 >> 16) + 2) >> 2. Rows and columns
 * outside the image repeat its edge. An exact 2× reduction on both axes (a 1280 × 720 frame into
 * a 640 letterbox) OpenCV hands to INTER_AREA's fast path: (four pixels + 2) >> 2.
 */
export function resizeOpenCvLinear(image: RgbImage, width: number, height: number): RgbImage {
  const { width: inW, height: inH, data } = image;
  if (inW === 2 * width && inH === 2 * height) return halve(image);
  const cols = axis(inW, width, true);
  const rows = axis(inH, height, false);
  const rowLength = width * 3;
  const horizontal = (y: number): Int32Array => {
    const src = Math.min(inH - 1, Math.max(0, y)) * inW * 3;
    const out = new Int32Array(rowLength);
    for (let x = 0; x < width; x++) {
      const s = src + cols.index[x] * 3;
      const s1 = cols.index[x] + 1 < inW ? s + 3 : s;
      for (let c = 0; c < 3; c++) out[x * 3 + c] = data[s + c] * cols.w0[x] + data[s1 + c] * cols.w1[x];
    }
    return out;
  };
  const cache = new Map<number, Int32Array>();
  const rowAt = (y: number): Int32Array => {
    const key = Math.min(inH - 1, Math.max(0, y));
    let r = cache.get(key);
    if (!r) {
      r = horizontal(key);
      cache.set(key, r);
      if (cache.size > 4) cache.delete(cache.keys().next().value!);
    }
    return r;
  };
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const s0 = rowAt(rows.index[y]);
    const s1 = rowAt(rows.index[y] + 1);
    const b0 = rows.w0[y];
    const b1 = rows.w1[y];
    const o = y * rowLength;
    for (let x = 0; x < rowLength; x++) {
      // The shifted sums fit int16 (255 · 2048 >> 4 < 2^15); >> 16 of the products is a floor.
      const v = (((s0[x] >> 4) * b0) >> 16) + (((s1[x] >> 4) * b1) >> 16) + 2 >> 2;
      out[o + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return { width, height, data: out };
}

/** INTER_AREA's fast 2× reduction of 8-bit images: each output the rounded mean of its 2 × 2 block. */
function halve(image: RgbImage): RgbImage {
  const { width: inW, data } = image;
  const width = inW / 2;
  const height = image.height / 2;
  const out = new Uint8Array(width * height * 3);
  const stride = inW * 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = 2 * y * stride + 2 * x * 3;
      for (let c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = (data[s + c] + data[s + 3 + c] + data[s + stride + c] + data[s + stride + 3 + c] + 2) >> 2;
    }
  }
  return { width, height, data: out };
}
