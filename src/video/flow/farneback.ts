import { invalidParameter, LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import { is } from '../../validate.js';
import { toGray, type FlowField } from './flow-field.js';

/**
 * Dense optical flow after Farnebäck, "Two-Frame Motion Estimation Based on Polynomial
 * Expansion" (SCIA 2003), in the form OpenCV's calcOpticalFlowFarneback uses: every
 * neighbourhood is approximated by a quadratic polynomial x'Ax + b'x + c (Gaussian-weighted
 * least squares); a displacement d turns b into b − 2Ad, so d is solved from the two frames'
 * coefficients, averaged over a window, refined iteratively and coarse to fine on a pyramid.
 */
export interface FarnebackOptions {
  /** Pyramid levels including the full-size one; default 3. */
  readonly levels?: number;
  /** Size ratio between consecutive levels; default 0.5. */
  readonly pyrScale?: number;
  /** Side of the averaging window in pixels; default 15. */
  readonly winSize?: number;
  /** Refinements per level; default 3. */
  readonly iterations?: number;
  /** Half-width of the polynomial fit's neighbourhood (OpenCV's poly_n); default 5. */
  readonly polyN?: number;
  /** Gaussian sigma of the fit's weights; default 1.1 (OpenCV's advice for polyN 5). */
  readonly polySigma?: number;
}

export type ResolvedFarneback = Required<FarnebackOptions>;

export const FARNEBACK_DEFAULTS: ResolvedFarneback = { levels: 3, pyrScale: 0.5, winSize: 15, iterations: 3, polyN: 5, polySigma: 1.1 };

/** Levels smaller than this are skipped: the fit and the window need room. */
const MIN_LEVEL_SIDE = 16;

export function resolveFarneback(options: FarnebackOptions = {}): ResolvedFarneback {
  const o = { ...FARNEBACK_DEFAULTS, ...options };
  const intIn = (name: keyof ResolvedFarneback, min: number, max: number): void => {
    if (!is.integer(o[name]) || o[name] < min || o[name] > max) throw invalidParameter(`integer between ${min} and ${max}`, name, o[name]);
  };
  intIn('levels', 1, 10);
  intIn('winSize', 1, 101);
  intIn('iterations', 1, 50);
  intIn('polyN', 1, 15);
  if (!(is.number(o.pyrScale) && o.pyrScale > 0 && o.pyrScale < 1)) throw invalidParameter('number between 0 and 1 (exclusive)', 'pyrScale', o.pyrScale);
  if (!(is.number(o.polySigma) && o.polySigma > 0)) throw invalidParameter('positive number', 'polySigma', o.polySigma);
  return o;
}

/** Flow from `prev` to `next` (same size): next(x + flow(x)) ≈ prev(x). */
export function farnebackFlow(prev: RgbImage, next: RgbImage, options: FarnebackOptions = {}): FlowField {
  if (prev.width !== next.width || prev.height !== next.height) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected two frames of the same size but received ${prev.width}×${prev.height} and ${next.width}×${next.height}`);
  }
  return farnebackGray(toGray(prev), toGray(next), prev.width, prev.height, options);
}

/** The same on grey frames (floats 0–255, row-major). */
export function farnebackGray(prev: Float32Array, next: Float32Array, width: number, height: number, options: FarnebackOptions = {}): FlowField {
  const o = resolveFarneback(options);
  const basis = polyBasis(o.polyN, o.polySigma);
  return flowBetween(expandPyramid(prev, width, height, o, basis), expandPyramid(next, width, height, o, basis), width, height, o);
}

/**
 * Flow between each pair of consecutive frames (L + 1 frames give L flows). Each frame's
 * pyramid and polynomial expansion is computed once, not once per pair: half the work of
 * calling farnebackFlow on every pair.
 */
export function farnebackSequence(frames: readonly RgbImage[], options: FarnebackOptions = {}): FlowField[] {
  const o = resolveFarneback(options);
  const basis = polyBasis(o.polyN, o.polySigma);
  const flows: FlowField[] = [];
  let previous: Expansion[] | undefined;
  frames.forEach((frame, i) => {
    if (frame.width !== frames[0].width || frame.height !== frames[0].height) {
      throw new LossyvisionError('INVALID_ARGUMENT', `Expected every frame to be ${frames[0].width}×${frames[0].height} but frame ${i} is ${frame.width}×${frame.height}`);
    }
    const current = expandPyramid(toGray(frame), frame.width, frame.height, o, basis);
    if (previous) flows.push(flowBetween(previous, current, frame.width, frame.height, o));
    previous = current;
  });
  return flows;
}

/** One pyramid level's polynomial coefficients. */
interface Expansion {
  readonly w: number;
  readonly h: number;
  readonly r: Float32Array;
}

/** Coarsest level first; levels too small for the fit are left out (the full size never is). */
function expandPyramid(image: Float32Array, width: number, height: number, o: ResolvedFarneback, basis: PolyBasis): Expansion[] {
  const levels: Expansion[] = [];
  for (let k = o.levels - 1; k >= 0; k--) {
    const scale = o.pyrScale ** k;
    const w = Math.round(width * scale);
    const h = Math.round(height * scale);
    if (k > 0 && (w < MIN_LEVEL_SIDE || h < MIN_LEVEL_SIDE)) continue;
    levels.push({ w, h, r: polyExpand(pyramidLevel(image, width, height, scale, w, h), w, h, basis) });
  }
  return levels;
}

function flowBetween(a: readonly Expansion[], b: readonly Expansion[], width: number, height: number, o: ResolvedFarneback): FlowField {
  let flow: Float32Array | undefined;
  let fw = 0;
  a.forEach(({ w, h, r: r0 }, level) => {
    const r1 = b[level].r;
    flow = flow === undefined ? new Float32Array(w * h * 2) : resizeFlow(flow, fw, flow.length / 2 / fw, w, h);
    fw = w;
    for (let it = 0; it < o.iterations; it++) {
      const m = updateMatrices(r0, r1, flow, w, h);
      boxBlur(m, w, h, 5, o.winSize);
      solveFlow(m, flow, w * h);
    }
  });
  return { width, height, data: flow! };
}

function pyramidLevel(image: Float32Array, width: number, height: number, scale: number, w: number, h: number): Float32Array {
  if (scale === 1) return image;
  // Anti-alias before shrinking, as OpenCV does: sigma = (1/scale − 1) / 2.
  const sigma = (1 / scale - 1) * 0.5;
  const half = Math.max(1, Math.round(sigma * 3));
  const blurred = separable(image, width, height, gaussian(sigma, half), half);
  return resizeBilinear(blurred, width, height, w, h, 1);
}

function gaussian(sigma: number, half: number): Float64Array {
  const k = new Float64Array(2 * half + 1);
  let sum = 0;
  for (let i = -half; i <= half; i++) sum += k[i + half] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** One separable correlation with replicated borders. */
function separable(src: Float32Array, w: number, h: number, kernel: Float64Array, half: number): Float32Array {
  const tmp = rowPass(src, w, h, [kernel], half)[0];
  return colPass(tmp, w, h, kernel, half);
}

/** Correlates every row with each kernel (replicated borders). */
function rowPass(src: Float32Array, w: number, h: number, kernels: Float64Array[], half: number): Float32Array[] {
  const outs = kernels.map(() => new Float32Array(w * h));
  const padded = new Float32Array(w + 2 * half);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let i = 0; i < padded.length; i++) padded[i] = src[row + Math.min(w - 1, Math.max(0, i - half))];
    for (let n = 0; n < kernels.length; n++) {
      const k = kernels[n];
      const out = outs[n];
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let i = 0; i < k.length; i++) s += k[i] * padded[x + i];
        out[row + x] = s;
      }
    }
  }
  return outs;
}

/** Correlates every column with a kernel (replicated borders), whole rows at a time. */
function colPass(src: Float32Array, w: number, h: number, kernel: Float64Array, half: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let i = 0; i < kernel.length; i++) {
      const k = kernel[i];
      if (k === 0) continue;
      const from = Math.min(h - 1, Math.max(0, y + i - half)) * w;
      for (let x = 0; x < w; x++) out[row + x] += k * src[from + x];
    }
  }
  return out;
}

interface PolyBasis {
  readonly half: number;
  /** g, u·g, u²·g on −half…half. */
  readonly k0: Float64Array;
  readonly k1: Float64Array;
  readonly k2: Float64Array;
  /** Inverse of the 6×6 normal matrix for the basis 1, x, y, x², y², xy. */
  readonly inverse: Float64Array;
}

function polyBasis(half: number, sigma: number): PolyBasis {
  const n = 2 * half + 1;
  const k0 = new Float64Array(n);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  let sum = 0;
  for (let i = -half; i <= half; i++) sum += k0[i + half] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = -half; i <= half; i++) {
    k0[i + half] /= sum;
    k1[i + half] = i * k0[i + half];
    k2[i + half] = i * i * k0[i + half];
  }
  // Normal equations G p = m with G_ij = Σ a(u) B_i(u) B_j(u), a(u) = g(ux) g(uy).
  const g = new Float64Array(36);
  for (let uy = -half; uy <= half; uy++) {
    for (let ux = -half; ux <= half; ux++) {
      const a = k0[ux + half] * k0[uy + half];
      const b = [1, ux, uy, ux * ux, uy * uy, ux * uy];
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) g[i * 6 + j] += a * b[i] * b[j];
    }
  }
  return { half, k0, k1, k2, inverse: invert6(g) };
}

/** Gauss–Jordan with partial pivoting; G is symmetric positive definite. */
function invert6(m: Float64Array): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(36);
  for (let i = 0; i < 6; i++) inv[i * 6 + i] = 1;
  for (let c = 0; c < 6; c++) {
    let p = c;
    for (let r = c + 1; r < 6; r++) if (Math.abs(a[r * 6 + c]) > Math.abs(a[p * 6 + c])) p = r;
    for (let j = 0; j < 6; j++) {
      [a[c * 6 + j], a[p * 6 + j]] = [a[p * 6 + j], a[c * 6 + j]];
      [inv[c * 6 + j], inv[p * 6 + j]] = [inv[p * 6 + j], inv[c * 6 + j]];
    }
    const d = a[c * 6 + c];
    for (let j = 0; j < 6; j++) {
      a[c * 6 + j] /= d;
      inv[c * 6 + j] /= d;
    }
    for (let r = 0; r < 6; r++) {
      if (r === c) continue;
      const f = a[r * 6 + c];
      if (f === 0) continue;
      for (let j = 0; j < 6; j++) {
        a[r * 6 + j] -= f * a[c * 6 + j];
        inv[r * 6 + j] -= f * inv[c * 6 + j];
      }
    }
  }
  return inv;
}

/**
 * Per pixel: bx, by, a11, a22, a12 of the local polynomial a11·x² + 2·a12·xy + a22·y² + bx·x + by·y + c
 * (so A = [[a11, a12], [a12, a22]]).
 */
function polyExpand(image: Float32Array, w: number, h: number, basis: PolyBasis): Float32Array {
  const { half, k0, k1, k2, inverse: q } = basis;
  const [r0, r1, r2] = rowPass(image, w, h, [k0, k1, k2], half);
  const m1 = colPass(r0, w, h, k0, half);
  const my = colPass(r0, w, h, k1, half);
  const myy = colPass(r0, w, h, k2, half);
  const mx = colPass(r1, w, h, k0, half);
  const mxy = colPass(r1, w, h, k1, half);
  const mxx = colPass(r2, w, h, k0, half);
  const out = new Float32Array(w * h * 5);
  // Only rows 1–5 of G⁻¹ are needed (the constant term is not); the row loop is unrolled for speed.
  const row = (r: number): number[] => Array.from(q.subarray(r * 6, r * 6 + 6));
  const [b0, b1, b2, b3, b4, b5] = row(1);
  const [c0, c1, c2, c3, c4, c5] = row(2);
  const [d0, d1, d2, d3, d4, d5] = row(3);
  const [e0, e1, e2, e3, e4, e5] = row(4);
  const [f0, f1, f2, f3, f4, f5] = row(5);
  for (let i = 0, o = 0; i < w * h; i++, o += 5) {
    const v0 = m1[i];
    const v1 = mx[i];
    const v2 = my[i];
    const v3 = mxx[i];
    const v4 = myy[i];
    const v5 = mxy[i];
    out[o] = b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3 + b4 * v4 + b5 * v5;
    out[o + 1] = c0 * v0 + c1 * v1 + c2 * v2 + c3 * v3 + c4 * v4 + c5 * v5;
    out[o + 2] = d0 * v0 + d1 * v1 + d2 * v2 + d3 * v3 + d4 * v4 + d5 * v5;
    out[o + 3] = e0 * v0 + e1 * v1 + e2 * v2 + e3 * v3 + e4 * v4 + e5 * v5;
    out[o + 4] = (f0 * v0 + f1 * v1 + f2 * v2 + f3 * v3 + f4 * v4 + f5 * v5) / 2;
  }
  return out;
}

/** OpenCV's weights for the five pixels nearest an edge, where the fit sees replicated borders. */
const BORDER = [0.14, 0.14, 0.4472, 0.8221, 1];

/** Per pixel the normal equations of A·d = Δb: g11, g12, g22, h1, h2 (G = AᵀA, h = AᵀΔb). */
function updateMatrices(r0: Float32Array, r1: Float32Array, flow: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h * 5);
  for (let y = 0; y < h; y++) {
    const wy = BORDER[Math.min(y, h - 1 - y, 4)];
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const dx = flow[i * 2];
      const dy = flow[i * 2 + 1];
      const o0 = i * 5;
      let a11 = r0[o0 + 2];
      let a22 = r0[o0 + 3];
      let a12 = r0[o0 + 4];
      let b1 = a11 * dx + a12 * dy;
      let b2 = a12 * dx + a22 * dy;
      const fx = x + dx;
      const fy = y + dy;
      if (fx >= 0 && fy >= 0 && fx < w - 1 && fy < h - 1) {
        const x0 = Math.floor(fx);
        const y0 = Math.floor(fy);
        const ax = fx - x0;
        const ay = fy - y0;
        const w00 = (1 - ax) * (1 - ay);
        const w01 = ax * (1 - ay);
        const w10 = (1 - ax) * ay;
        const w11 = ax * ay;
        const p = (y0 * w + x0) * 5;
        const q = p + w * 5;
        const n0 = w00 * r1[p] + w01 * r1[p + 5] + w10 * r1[q] + w11 * r1[q + 5];
        const n1 = w00 * r1[p + 1] + w01 * r1[p + 6] + w10 * r1[q + 1] + w11 * r1[q + 6];
        a11 = (a11 + w00 * r1[p + 2] + w01 * r1[p + 7] + w10 * r1[q + 2] + w11 * r1[q + 7]) * 0.5;
        a22 = (a22 + w00 * r1[p + 3] + w01 * r1[p + 8] + w10 * r1[q + 3] + w11 * r1[q + 8]) * 0.5;
        a12 = (a12 + w00 * r1[p + 4] + w01 * r1[p + 9] + w10 * r1[q + 4] + w11 * r1[q + 9]) * 0.5;
        // Δb = −½(b₂(x+d) − b₁(x)) + A·d
        b1 = -0.5 * (n0 - r0[o0]) + a11 * dx + a12 * dy;
        b2 = -0.5 * (n1 - r0[o0 + 1]) + a12 * dx + a22 * dy;
      }
      const wt = wy * BORDER[Math.min(x, w - 1 - x, 4)];
      out[o0] = wt * (a11 * a11 + a12 * a12);
      out[o0 + 1] = wt * (a12 * (a11 + a22));
      out[o0 + 2] = wt * (a12 * a12 + a22 * a22);
      out[o0 + 3] = wt * (a11 * b1 + a12 * b2);
      out[o0 + 4] = wt * (a12 * b1 + a22 * b2);
    }
  }
  return out;
}

/** In-place box average of an interleaved image over a side × side window (replicated borders). */
function boxBlur(data: Float32Array, w: number, h: number, channels: number, side: number): void {
  const before = Math.floor((side - 1) / 2);
  const after = side - 1 - before;
  const stride = w * channels;
  // Rows: a running sum along each row.
  const line = new Float64Array(channels);
  const src = new Float32Array(stride);
  for (let y = 0; y < h; y++) {
    const base = y * stride;
    src.set(data.subarray(base, base + stride));
    line.fill(0);
    for (let t = -before; t <= after; t++) {
      const x = Math.min(w - 1, Math.max(0, t)) * channels;
      for (let c = 0; c < channels; c++) line[c] += src[x + c];
    }
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < channels; c++) data[base + x * channels + c] = line[c] / side;
      const add = Math.min(w - 1, x + after + 1) * channels;
      const drop = Math.max(0, x - before) * channels;
      for (let c = 0; c < channels; c++) line[c] += src[add + c] - src[drop + c];
    }
  }
  // Columns: one running-sum row slid down the image, whole rows at a time.
  const copy = Float32Array.from(data);
  const acc = new Float64Array(stride);
  for (let t = -before; t <= after; t++) {
    const r = Math.min(h - 1, Math.max(0, t)) * stride;
    for (let i = 0; i < stride; i++) acc[i] += copy[r + i];
  }
  for (let y = 0; y < h; y++) {
    const base = y * stride;
    for (let i = 0; i < stride; i++) data[base + i] = acc[i] / side;
    const add = Math.min(h - 1, y + after + 1) * stride;
    const drop = Math.max(0, y - before) * stride;
    for (let i = 0; i < stride; i++) acc[i] += copy[add + i] - copy[drop + i];
  }
}

function solveFlow(m: Float32Array, flow: Float32Array, pixels: number): void {
  for (let i = 0; i < pixels; i++) {
    const o = i * 5;
    const g11 = m[o];
    const g12 = m[o + 1];
    const g22 = m[o + 2];
    const h1 = m[o + 3];
    const h2 = m[o + 4];
    // The small constant keeps flat regions (G ≈ 0) from dividing by zero, as OpenCV does.
    const idet = 1 / (g11 * g22 - g12 * g12 + 1e-3);
    flow[i * 2] = (g22 * h1 - g12 * h2) * idet;
    flow[i * 2 + 1] = (g11 * h2 - g12 * h1) * idet;
  }
}

/** Bilinear resize of an interleaved float image (pixel centres aligned). */
export function resizeBilinear(src: Float32Array, sw: number, sh: number, dw: number, dh: number, channels: number): Float32Array {
  const out = new Float32Array(dw * dh * channels);
  const sx = sw / dw;
  const sy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ay = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const ax = fx - x0;
      for (let c = 0; c < channels; c++) {
        const top = src[(y0 * sw + x0) * channels + c] * (1 - ax) + src[(y0 * sw + x1) * channels + c] * ax;
        const bottom = src[(y1 * sw + x0) * channels + c] * (1 - ax) + src[(y1 * sw + x1) * channels + c] * ax;
        out[(y * dw + x) * channels + c] = top * (1 - ay) + bottom * ay;
      }
    }
  }
  return out;
}

/** A coarser level's flow on a finer grid: resized, and scaled by the size ratio (displacements grow with the image). */
function resizeFlow(flow: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  const out = resizeBilinear(flow, sw, sh, dw, dh, 2);
  const fx = dw / sw;
  const fy = dh / sh;
  for (let i = 0; i < out.length; i += 2) {
    out[i] *= fx;
    out[i + 1] *= fy;
  }
  return out;
}
