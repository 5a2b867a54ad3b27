import { LossyvisionError } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import { chargeCpu } from '../timing/cpu-ledger.js';
import { assertSameSize } from './same-size.js';
import { ssimMapSumSimd } from './simd.js';

/** Wang et al. 2004 constants, for 8-bit data (L = 255). */
const SIGMA = 1.5;
const K1 = 0.01;
const K2 = 0.03;
const DATA_RANGE = 255;
/** scipy's gaussian_filter radius: int(truncate·σ + 0.5) with skimage's truncate 3.5 → 5, window 11. */
const RADIUS = 5;
const WINDOW = 2 * RADIUS + 1;

const C1 = (K1 * DATA_RANGE) ** 2;
const C2 = (K2 * DATA_RANGE) ** 2;

/** Half of the symmetric, normalised 11-tap Gaussian (scipy's): KERNEL[k] weighs offsets ±k. */
const KERNEL: readonly number[] = (() => {
  const taps = Array.from({ length: RADIUS + 1 }, (_, i) => Math.exp((-0.5 * i * i) / (SIGMA * SIGMA)));
  const total = taps[0] + 2 * taps.slice(1).reduce((a, b) => a + b, 0);
  return taps.map((t) => t / total);
})();

/**
 * Mean SSIM on luma (see luma.ts), Gaussian window 11, σ 1.5, K1 0.01, K2 0.03, population
 * (not sample) covariances. Matches scikit-image's
 * `structural_similarity(y1, y2, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=255)` on float64 luma: skimage filters the whole image and then averages only
 * pixels at least 5 from every edge, whose windows never reach the border. So we compute
 * exactly those pixels with a "valid" separable convolution and need no border rule at all.
 */
/** Whether SSIM is defined for an image of this size (both sides at least the 11-pixel window). */
export function hasSsim(width: number, height: number): boolean {
  return width >= WINDOW && height >= WINDOW;
}

export const SSIM_WINDOW = WINDOW;

/** SSIM where it is defined, NaN for images smaller than its window (a measure left out, not a failure). */
export function ssimOrNaN(reference: RgbImage, distorted: RgbImage): number {
  assertSameSize(reference, distorted, 'SSIM');
  return hasSsim(reference.width, reference.height) ? ssim(reference, distorted) : NaN;
}

export function ssim(reference: RgbImage, distorted: RgbImage): number {
  assertSameSize(reference, distorted, 'SSIM');
  const { width, height } = reference;
  return chargeCpu('fidelity', () => {
    assertWindow(width, height);
    // The WebAssembly SIMD kernels where the runtime has them (same bits, about 3× faster), else
    // the same passes in JavaScript, luma row by row so no full-image float planes are allocated.
    const sum = ssimMapSumSimd(reference.data, distorted.data, width, height, { kernel: KERNEL, c1: C1, c2: C2 });
    if (sum !== undefined) return sum / ((width - 2 * RADIUS) * (height - 2 * RADIUS));
    return ssimRows({ rgb: [reference.data, distorted.data] }, width, height);
  });
}

function assertWindow(width: number, height: number): void {
  if (width < WINDOW || height < WINDOW) {
    throw new LossyvisionError(
      'INVALID_ARGUMENT',
      `SSIM needs images of at least ${WINDOW}×${WINDOW} pixels (its Gaussian window), received ${width}×${height}`,
    );
  }
}

/** One row's four moments, luma computed on the way (same arithmetic as luma.ts). */
function momentsRgb(a: Uint8Array, b: Uint8Array, row: number, x: Float64Array, y: Float64Array, ss: Float64Array, xy: Float64Array): void {
  const width = x.length;
  for (let c = 0, j = row * width * 3; c < width; c++, j += 3) {
    const p = 0.299 * a[j] + 0.587 * a[j + 1] + 0.114 * a[j + 2];
    const q = 0.299 * b[j] + 0.587 * b[j + 1] + 0.114 * b[j + 2];
    x[c] = p;
    y[c] = q;
    ss[c] = p * p + q * q;
    xy[c] = p * q;
  }
}

function momentsPlanes(px: Float64Array, py: Float64Array, row: number, x: Float64Array, y: Float64Array, ss: Float64Array, xy: Float64Array): void {
  const width = x.length;
  for (let c = 0, j = row * width; c < width; c++, j++) {
    const p = px[j];
    const q = py[j];
    x[c] = p;
    y[c] = q;
    ss[c] = p * p + q * q;
    xy[c] = p * q;
  }
}

/** SSIM of two float planes of width × height (row-major), same definition as `ssim`. */
export function ssimPlanes(x: Float64Array, y: Float64Array, width: number, height: number): number {
  return chargeCpu('fidelity', () => ssimRows({ planes: [x, y] }, width, height));
}

/** Where rows come from: 8-bit RGB (luma computed per row) or ready float planes. */
type Source = { rgb: [Uint8Array, Uint8Array]; planes?: undefined } | { planes: [Float64Array, Float64Array]; rgb?: undefined };

/** Rows of the ring buffer: 11 for the window, plus one so two output rows share their loads. */
const RING = WINDOW + 1;

/**
 * The SSIM core over the rows of `source`. Separable "valid" Gaussian filtering of four
 * moments — x, y, x² + y² (SSIM only needs σx² + σy²) and xy — with the horizontal sums of the
 * last 12 rows kept in a ring buffer, so the vertical pass reads cache-resident rows.
 * Speed without changing a bit of the result (each filtered value is the same expression on
 * the same operands, and the map is summed in row-major order as before): kernel weights in
 * locals rather than module constants, the horizontal pass slides its 11 taps through
 * registers (one load per output), the vertical pass makes two output rows from 12 loads,
 * and each moment is filtered in its own loop to keep register pressure low.
 */
function ssimRows(source: Source, width: number, height: number): number {
  assertWindow(width, height);
  const validW = width - 2 * RADIUS;
  const validH = height - 2 * RADIUS;
  const h = [0, 1, 2, 3].map(() => new Float64Array(RING * validW)); // x, y, x²+y², xy
  const rowX = new Float64Array(width);
  const rowY = new Float64Array(width);
  const rowSs = new Float64Array(width);
  const rowXy = new Float64Array(width);
  const m0 = [0, 1, 2, 3].map(() => new Float64Array(validW));
  const m1 = [0, 1, 2, 3].map(() => new Float64Array(validW));
  const map = new Float64Array(validW);
  const offsets = new Int32Array(RING);

  let total = 0;
  let nextCentre = RADIUS; // first output row not yet computed
  for (let row = 0; row < height; row++) {
    if (source.rgb) momentsRgb(source.rgb[0], source.rgb[1], row, rowX, rowY, rowSs, rowXy);
    else momentsPlanes(source.planes[0], source.planes[1], row, rowX, rowY, rowSs, rowXy);
    const slot = (row % RING) * validW;
    horizontal(rowX, h[0], slot, validW);
    horizontal(rowY, h[1], slot, validW);
    horizontal(rowSs, h[2], slot, validW);
    horizontal(rowXy, h[3], slot, validW);

    // Two output rows once rows centre−5 … centre+6 are in; a last odd row on its own.
    const pair = row - RADIUS - 1 === nextCentre;
    const single = !pair && row === height - 1 && nextCentre === row - RADIUS;
    if (!pair && !single) continue;
    for (let k = 0; k < RING; k++) offsets[k] = ((nextCentre - RADIUS + k) % RING) * validW;
    for (let i = 0; i < 4; i++) vertical(h[i], m0[i], m1[i], validW, offsets, pair);
    total = addMap(total, m0, map, validW);
    if (pair) total = addMap(total, m1, map, validW);
    nextCentre += pair ? 2 : 1;
  }
  return total / (validW * validH);
}

function horizontal(src: Float64Array, out: Float64Array, slot: number, validW: number): void {
  const g0 = KERNEL[0], g1 = KERNEL[1], g2 = KERNEL[2], g3 = KERNEL[3], g4 = KERNEL[4], g5 = KERNEL[5];
  let s0 = src[0], s1 = src[1], s2 = src[2], s3 = src[3], s4 = src[4], s5 = src[5], s6 = src[6], s7 = src[7], s8 = src[8], s9 = src[9];
  for (let c = 0; c < validW; c++) {
    const s10 = src[c + 10];
    out[slot + c] = g0 * s5 + g1 * (s4 + s6) + g2 * (s3 + s7) + g3 * (s2 + s8) + g4 * (s1 + s9) + g5 * (s0 + s10);
    s0 = s1; s1 = s2; s2 = s3; s3 = s4; s4 = s5; s5 = s6; s6 = s7; s7 = s8; s8 = s9; s9 = s10;
  }
}

/** Filters ring rows offsets[0…10] into o0 and, when `pair`, rows offsets[1…11] into o1. */
function vertical(h: Float64Array, o0: Float64Array, o1: Float64Array, validW: number, r: Int32Array, pair: boolean): void {
  const g0 = KERNEL[0], g1 = KERNEL[1], g2 = KERNEL[2], g3 = KERNEL[3], g4 = KERNEL[4], g5 = KERNEL[5];
  const a0 = r[0], a1 = r[1], a2 = r[2], a3 = r[3], a4 = r[4], a5 = r[5], a6 = r[6], a7 = r[7], a8 = r[8], a9 = r[9], a10 = r[10], a11 = r[11];
  if (!pair) {
    for (let c = 0; c < validW; c++) {
      o0[c] = g0 * h[a5 + c] + g1 * (h[a4 + c] + h[a6 + c]) + g2 * (h[a3 + c] + h[a7 + c]) + g3 * (h[a2 + c] + h[a8 + c]) + g4 * (h[a1 + c] + h[a9 + c]) + g5 * (h[a0 + c] + h[a10 + c]);
    }
    return;
  }
  for (let c = 0; c < validW; c++) {
    const R0 = h[a0 + c], R1 = h[a1 + c], R2 = h[a2 + c], R3 = h[a3 + c], R4 = h[a4 + c], R5 = h[a5 + c];
    const R6 = h[a6 + c], R7 = h[a7 + c], R8 = h[a8 + c], R9 = h[a9 + c], R10 = h[a10 + c], R11 = h[a11 + c];
    o0[c] = g0 * R5 + g1 * (R4 + R6) + g2 * (R3 + R7) + g3 * (R2 + R8) + g4 * (R1 + R9) + g5 * (R0 + R10);
    o1[c] = g0 * R6 + g1 * (R5 + R7) + g2 * (R4 + R8) + g3 * (R3 + R9) + g4 * (R2 + R10) + g5 * (R1 + R11);
  }
}

/** Adds one output row of the SSIM map to `total`, left to right. */
function addMap(total: number, m: Float64Array[], map: Float64Array, validW: number): number {
  const mx = m[0], my = m[1], mss = m[2], mxy = m[3];
  // Division-heavy map first, then the serial sum: keeps the dependency chain out of the loop body.
  for (let c = 0; c < validW; c++) {
    const ux = mx[c];
    const uy = my[c];
    const vs = mss[c] - ux * ux - uy * uy;
    const vxy = mxy[c] - ux * uy;
    map[c] = ((2 * ux * uy + C1) * (2 * vxy + C2)) / ((ux * ux + uy * uy + C1) * (vs + C2));
  }
  for (let c = 0; c < validW; c++) total += map[c];
  return total;
}
