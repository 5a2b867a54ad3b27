import { I32, V128, assemble, instantiate, op, type WasmFunction } from '../../wasm/asm.js';
import { place, type WasmMemory } from '../../wasm/memory.js';

/**
 * The two passes of Pillow's 8-bit resample (resample-pil.ts) as WebAssembly SIMD kernels, with
 * the same results: Pillow's own arithmetic is int32 (the sums fit, which is why the JavaScript
 * passes may use float64), so summing in i32 lanes in any order gives the same integers, and
 * clip8's floor and clamp are an arithmetic shift and two saturating narrows. The horizontal pass
 * puts one pixel's R, G, B (and a fourth byte it ignores) in four lanes; the vertical one 16
 * bytes of a row in four i32x4 accumulators. Both write whole vectors past a row's end into
 * bytes written again later, or into padding.
 */

/** 8 bits of result, 2 of headroom for negative lobes: Pillow's fixed-point precision. */
export const PRECISION_BITS = 32 - 8 - 2;
const HALF = 2 ** (PRECISION_BITS - 1);

const { get, set, tee } = op;
const step = (local: number, by: number[]): number[] => [...get(local), ...by, ...op.i32Add, ...set(local)];
const countDown = (local: number): number[] => [...get(local), ...op.i32Const(1), ...op.i32Sub, ...tee(local), ...op.brIf(0)];
/** The i32x4 on the stack shifted down to 8 bits and clamped to 0–255 (clip8 per lane), packed into the low lanes. */
const clip8 = (scratch: number): number[] => [
  ...op.i32Const(PRECISION_BITS), ...op.i32x4ShrS, ...tee(scratch), ...get(scratch), ...op.i16x8NarrowI32x4S,
  ...tee(scratch), ...get(scratch), ...op.i8x16NarrowI16x8U,
];

/**
 * horizontal(src, srcRow, rows, out, outW, start, length, weights, ksize4): for each of `rows`
 * RGB rows (srcRow bytes apart from src), outW pixels into out; start/length/weights are the
 * columns' int32 coefficients (ksize4 bytes of weights per output pixel).
 */
function horizontal(): WasmFunction {
  const [src, srcRow, rows, out, outW, start, length, weights, ksize4, xx, p, n, wp, acc] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const at = (array: number, stride: number[]): number[] => [...get(array), ...get(xx), ...stride, ...op.i32Mul, ...op.i32Add];
  return {
    name: 'horizontal',
    params: Array<typeof I32>(9).fill(I32),
    results: [],
    locals: [I32, I32, I32, I32, V128],
    body: [
      op.loop,
      [...op.i32Const(0), ...set(xx)],
      op.loop,
      [...get(src), ...at(start, op.i32Const(4)), ...op.i32Load(), ...op.i32Const(3), ...op.i32Mul, ...op.i32Add, ...set(p)],
      [...at(length, op.i32Const(4)), ...op.i32Load(), ...set(n)],
      [...at(weights, get(ksize4)), ...set(wp)],
      [...op.i32Const(HALF), ...op.i32x4Splat, ...set(acc)],
      op.loop,
      [...get(acc), ...get(p), ...op.v128Load32Zero(), ...op.i16x8ExtendLowI8x16U, ...op.i32x4ExtendLowI16x8U],
      [...get(wp), ...op.i32Load(), ...op.i32x4Splat, ...op.i32x4Mul, ...op.i32x4Add, ...set(acc)],
      step(p, op.i32Const(3)),
      step(wp, op.i32Const(4)),
      countDown(n),
      op.end,
      [...get(out), ...get(acc), ...clip8(acc), ...op.i32x4ExtractLane(0), ...op.i32Store()],
      step(out, op.i32Const(3)),
      [...get(xx), ...op.i32Const(1), ...op.i32Add, ...tee(xx), ...get(outW), ...op.i32LtU, ...op.brIf(0)],
      op.end,
      step(src, get(srcRow)),
      countDown(rows),
      op.end,
    ],
  };
}

/**
 * vertical(mid, stride, out, rows, start, length, weights, ksize4): `rows` output rows of stride
 * bytes into out, each the weighted sum of the rows of mid its coefficients name (start: the
 * first row's index in mid).
 */
function vertical(): WasmFunction {
  const [mid, stride, out, rows, start, length, weights, ksize4, c, p, n, wp, base, a0, a1, a2, a3, v, w, lo, hi] =
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const add = (a: number, half: number, extend: number[]): number[] => [...get(a), ...get(half), ...extend, ...get(w), ...op.i32x4Mul, ...op.i32x4Add, ...set(a)];
  const shifted = (a: number): number[] => [...get(a), ...op.i32Const(PRECISION_BITS), ...op.i32x4ShrS];
  return {
    name: 'vertical',
    params: Array<typeof I32>(8).fill(I32),
    results: [],
    locals: [I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128],
    body: [
      op.loop,
      [...get(mid), ...get(start), ...op.i32Load(), ...get(stride), ...op.i32Mul, ...op.i32Add, ...set(base)],
      [...op.i32Const(0), ...set(c)],
      op.loop,
      [...op.i32Const(HALF), ...op.i32x4Splat, ...tee(a0), ...tee(a1), ...tee(a2), ...set(a3)],
      [...get(base), ...get(c), ...op.i32Add, ...set(p)],
      [...get(weights), ...set(wp)],
      [...get(length), ...op.i32Load(), ...set(n)],
      op.loop,
      [...get(p), ...op.v128Load(), ...tee(v), ...op.i16x8ExtendLowI8x16U, ...set(lo), ...get(v), ...op.i16x8ExtendHighI8x16U, ...set(hi)],
      [...get(wp), ...op.i32Load(), ...op.i32x4Splat, ...set(w)],
      add(a0, lo, op.i32x4ExtendLowI16x8U),
      add(a1, lo, op.i32x4ExtendHighI16x8U),
      add(a2, hi, op.i32x4ExtendLowI16x8U),
      add(a3, hi, op.i32x4ExtendHighI16x8U),
      step(p, get(stride)),
      step(wp, op.i32Const(4)),
      countDown(n),
      op.end,
      [...get(out), ...get(c), ...op.i32Add],
      [...shifted(a0), ...shifted(a1), ...op.i16x8NarrowI32x4S, ...shifted(a2), ...shifted(a3), ...op.i16x8NarrowI32x4S],
      [...op.i8x16NarrowI16x8U, ...op.v128Store()],
      [...get(c), ...op.i32Const(16), ...op.i32Add, ...tee(c), ...get(stride), ...op.i32LtU, ...op.brIf(0)],
      op.end,
      step(out, get(stride)),
      step(start, op.i32Const(4)),
      step(length, op.i32Const(4)),
      step(weights, get(ksize4)),
      countDown(rows),
      op.end,
    ],
  };
}

interface Exports {
  memory: WasmMemory;
  horizontal(src: number, srcRow: number, rows: number, out: number, outW: number, start: number, length: number, weights: number, ksize4: number): void;
  vertical(mid: number, stride: number, out: number, rows: number, start: number, length: number, weights: number, ksize4: number): void;
}

/** This thread's kernels; null where WebAssembly SIMD is not available. */
let kernels: Exports | null | undefined;

function instance(): Exports | null {
  kernels ??= instantiate(assemble([horizontal(), vertical()], 1)) as Exports | null;
  return kernels;
}

/** The most memory this thread's module may hold (it never shrinks); larger images take the JavaScript passes. */
const MAX_MEMORY = 256 * 2 ** 20;

/** One axis's resampling coefficients, for the output pixels a pass computes (every window at least one long). */
export interface Coefficients {
  /** First input pixel of each output pixel's window. */
  start: Int32Array;
  /** Window length of each output pixel. */
  length: Int32Array;
  /** Fixed-point weights, `ksize` per output pixel. */
  weights: Int32Array;
  ksize: number;
}

/**
 * The horizontal pass over `rows` RGB rows of width inW (data holds exactly them): outW pixels
 * per row; undefined without WebAssembly SIMD or memory for it.
 */
export function horizontalSimd(data: Uint8Array, inW: number, rows: number, outW: number, cols: Coefficients): Uint8Array | undefined {
  const k = instance();
  if (k === null) return undefined;
  const size = outW * rows * 3;
  const at = place(k.memory, [data, cols.start, cols.length, cols.weights], size + 16, MAX_MEMORY);
  if (!at) return undefined;
  const [src, start, length, weights, out] = at;
  k.horizontal(src, inW * 3, rows, out, outW, start, length, weights, cols.ksize * 4);
  return new Uint8Array(k.memory.buffer, out, size).slice();
}

/**
 * The vertical pass: outH rows of `stride` bytes, each from the rows of mid its coefficients
 * name (start: indices of mid's rows); undefined without WebAssembly SIMD or memory for it.
 */
export function verticalSimd(mid: Uint8Array, stride: number, outH: number, rows: Coefficients): Uint8Array | undefined {
  const k = instance();
  if (k === null) return undefined;
  const size = stride * outH;
  const at = place(k.memory, [mid, rows.start, rows.length, rows.weights], size + 16, MAX_MEMORY);
  if (!at) return undefined;
  const [src, start, length, weights, out] = at;
  k.vertical(src, stride, out, outH, start, length, weights, rows.ksize * 4);
  return new Uint8Array(k.memory.buffer, out, size).slice();
}
