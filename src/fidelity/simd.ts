import { F64, I32, V128, assemble, instantiate, op, type WasmFunction } from '../wasm/asm.js';
import { place, type WasmMemory } from '../wasm/memory.js';

/**
 * PSNR's squared error and SSIM's passes as WebAssembly SIMD kernels, bit-identical to the
 * JavaScript ones in psnr.ts and ssim.ts. The squared error is an exact integer whatever the
 * order of summation. SSIM uses two float64 lanes: every value is the same IEEE-754 expression on the same operands
 * in the same order (wasm rounds each operation and never fuses a multiply-add), only two
 * columns at a time, and the map is still summed one value at a time in row-major order.
 * Rows are processed in pairs of columns; an odd last column computes one padding value that
 * is never read.
 */

/** SSIM's Gaussian half-kernel (weights of offsets 0 … 5) and its two stabilising constants. */
export interface SsimConstants {
  readonly kernel: readonly number[];
  readonly c1: number;
  readonly c2: number;
}

const TAPS = 6;
const F64S: readonly typeof F64[] = Array<typeof F64>(TAPS).fill(F64);

const { get, set, tee } = op;

/** Splats the six weight parameters from … from+5 into the v128 locals to … to+5. */
const splatKernel = (from: number, to: number): number[][] =>
  Array.from({ length: TAPS }, (_, k) => [...get(from + k), ...op.f64x2Splat, ...set(to + k)]);

/**
 * out[c] = g0·s[c+5] + g1·(s[c+4] + s[c+6]) + … + g5·(s[c] + s[c+10]), left to right as in
 * ssim.ts, with `load(k)` pushing the two lanes of tap k (0…10).
 */
function filterExpression(g: number, load: (k: number) => number[]): number[][] {
  const terms: number[][] = [[...get(g), ...load(5), ...op.f64x2Mul]];
  for (let k = 1; k <= 5; k++) terms.push([...get(g + k), ...load(5 - k), ...load(5 + k), ...op.f64x2Add, ...op.f64x2Mul, ...op.f64x2Add]);
  return terms;
}

/** horizontal(src, out, n, g0 … g5): n outputs of the row at src (n + 10 values) into out. */
function horizontal(): WasmFunction {
  const [src, out, n, w, end, g] = [0, 1, 2, 3, 9, 10];
  return {
    name: 'horizontal',
    params: [I32, I32, I32, ...F64S],
    results: [],
    locals: [I32, V128, V128, V128, V128, V128, V128],
    body: [
      ...splatKernel(w, g),
      [...get(src), ...get(n), ...op.i32Const(8), ...op.i32Mul, ...op.i32Add, ...set(end)],
      op.loop,
      get(out),
      ...filterExpression(g, (k) => [...get(src), ...op.v128Load(8 * k)]),
      op.v128Store(),
      [...get(src), ...op.i32Const(16), ...op.i32Add, ...tee(src)],
      [...get(out), ...op.i32Const(16), ...op.i32Add, ...set(out)],
      [...get(end), ...op.i32LtU, ...op.brIf(0)],
      op.end,
    ],
  };
}

/** vertical(r0 … r10, out, n, g0 … g5): n outputs filtering down the 11 rows at r0 … r10 into out. */
function vertical(): WasmFunction {
  const [out, n, w, i, end, g] = [11, 12, 13, 19, 20, 21];
  return {
    name: 'vertical',
    params: [...Array<typeof I32>(11).fill(I32), I32, I32, ...F64S],
    results: [],
    locals: [I32, I32, V128, V128, V128, V128, V128, V128],
    body: [
      ...splatKernel(w, g),
      [...get(n), ...op.i32Const(8), ...op.i32Mul, ...set(end)],
      op.loop,
      [...get(out), ...get(i), ...op.i32Add],
      ...filterExpression(g, (k) => [...get(k), ...get(i), ...op.i32Add, ...op.v128Load()]),
      op.v128Store(),
      [...get(i), ...op.i32Const(16), ...op.i32Add, ...tee(i)],
      [...get(end), ...op.i32LtU, ...op.brIf(0)],
      op.end,
    ],
  };
}

/**
 * mapSum(mx, my, mss, mxy, n, total, c1, c2): total plus the n SSIM map values of one output
 * row, added one by one left to right; the map is ssim.ts's expression on the filtered moments.
 */
function mapSum(): WasmFunction {
  const [mx, my, mss, mxy, n, total, c1, c2, i, end, ux, uy, m, C1, C2, two] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const at = (base: number): number[] => [...get(base), ...get(i), ...op.i32Add, ...op.v128Load()];
  return {
    name: 'mapSum',
    params: [I32, I32, I32, I32, I32, F64, F64, F64],
    results: [F64],
    locals: [I32, I32, V128, V128, V128, V128, V128, V128],
    body: [
      [...get(c1), ...op.f64x2Splat, ...set(C1)],
      [...get(c2), ...op.f64x2Splat, ...set(C2)],
      [...op.f64Const(2), ...op.f64x2Splat, ...set(two)],
      [...get(n), ...op.i32Const(8), ...op.i32Mul, ...set(end)],
      op.loop,
      [...at(mx), ...set(ux), ...at(my), ...set(uy)],
      // numerator: (2·ux·uy + C1) · (2·(mxy − ux·uy) + C2)
      [...get(two), ...get(ux), ...op.f64x2Mul, ...get(uy), ...op.f64x2Mul, ...get(C1), ...op.f64x2Add],
      [...get(two), ...at(mxy), ...get(ux), ...get(uy), ...op.f64x2Mul, ...op.f64x2Sub, ...op.f64x2Mul, ...get(C2), ...op.f64x2Add],
      op.f64x2Mul,
      // denominator: (ux² + uy² + C1) · ((mss − ux² − uy²) + C2)
      [...get(ux), ...get(ux), ...op.f64x2Mul, ...get(uy), ...get(uy), ...op.f64x2Mul, ...op.f64x2Add, ...get(C1), ...op.f64x2Add],
      [...at(mss), ...get(ux), ...get(ux), ...op.f64x2Mul, ...op.f64x2Sub, ...get(uy), ...get(uy), ...op.f64x2Mul, ...op.f64x2Sub, ...get(C2), ...op.f64x2Add],
      op.f64x2Mul,
      [...op.f64x2Div, ...set(m)],
      [...get(total), ...get(m), ...op.f64x2ExtractLane(0), ...op.f64Add, ...set(total)],
      // The second lane only when it is a real column (not the padding of an odd row).
      op.block,
      [...get(i), ...op.i32Const(8), ...op.i32Add, ...get(end), ...op.i32GeU, ...op.brIf(0)],
      [...get(total), ...get(m), ...op.f64x2ExtractLane(1), ...op.f64Add, ...set(total)],
      op.end,
      [...get(i), ...op.i32Const(16), ...op.i32Add, ...tee(i)],
      [...get(end), ...op.i32LtU, ...op.brIf(0)],
      op.end,
      get(total),
    ],
  };
}

/** moments(a, b, x, y, ss, xy, n): luma of n RGB pixels at a and b, and the four moments (scalar). */
function moments(): WasmFunction {
  const [a, b, x, y, ss, xy, n, end, p, q] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const lumaOf = (rgb: number): number[] => [
    ...op.f64Const(0.299), ...get(rgb), ...op.i32Load8U(0), ...op.f64ConvertI32U, ...op.f64Mul,
    ...op.f64Const(0.587), ...get(rgb), ...op.i32Load8U(1), ...op.f64ConvertI32U, ...op.f64Mul, ...op.f64Add,
    ...op.f64Const(0.114), ...get(rgb), ...op.i32Load8U(2), ...op.f64ConvertI32U, ...op.f64Mul, ...op.f64Add,
  ];
  const step = (local: number, bytes: number): number[] => [...get(local), ...op.i32Const(bytes), ...op.i32Add, ...set(local)];
  return {
    name: 'moments',
    params: [I32, I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, F64, F64],
    body: [
      [...get(a), ...get(n), ...op.i32Const(3), ...op.i32Mul, ...op.i32Add, ...set(end)],
      op.loop,
      [...lumaOf(a), ...set(p), ...lumaOf(b), ...set(q)],
      [...get(x), ...get(p), ...op.f64Store()],
      [...get(y), ...get(q), ...op.f64Store()],
      [...get(ss), ...get(p), ...get(p), ...op.f64Mul, ...get(q), ...get(q), ...op.f64Mul, ...op.f64Add, ...op.f64Store()],
      [...get(xy), ...get(p), ...get(q), ...op.f64Mul, ...op.f64Store()],
      step(b, 3), step(x, 8), step(y, 8), step(ss, 8), step(xy, 8),
      [...get(a), ...op.i32Const(3), ...op.i32Add, ...tee(a), ...get(end), ...op.i32LtU, ...op.brIf(0)],
      op.end,
    ],
  };
}

/**
 * squaredError(a, b, n): Σ (a[i] − b[i])² over n bytes, n a multiple of 16 and at most 65 536,
 * so no 32-bit lane can overflow (each gains at most 2 · 2 · 255² per 16 bytes).
 */
function squaredError(): WasmFunction {
  const [a, b, n, end, acc, va, vb, d] = [0, 1, 2, 3, 4, 5, 6, 7];
  const half = (extend: number[]): number[] => [
    ...get(va), ...extend, ...get(vb), ...extend, ...op.i16x8Sub, ...tee(d), ...get(d), ...op.i32x4DotI16x8S,
    ...get(acc), ...op.i32x4Add, ...set(acc),
  ];
  const lane = (k: number): number[] => [...get(acc), ...op.i32x4ExtractLane(k), ...op.f64ConvertI32S];
  return {
    name: 'squaredError',
    params: [I32, I32, I32],
    results: [F64],
    locals: [I32, V128, V128, V128, V128],
    body: [
      [...get(a), ...get(n), ...op.i32Add, ...set(end)],
      op.loop,
      [...get(a), ...op.v128Load(), ...set(va), ...get(b), ...op.v128Load(), ...set(vb)],
      half(op.i16x8ExtendLowI8x16U),
      half(op.i16x8ExtendHighI8x16U),
      [...get(b), ...op.i32Const(16), ...op.i32Add, ...set(b)],
      [...get(a), ...op.i32Const(16), ...op.i32Add, ...tee(a), ...get(end), ...op.i32LtU, ...op.brIf(0)],
      op.end,
      [...lane(0), ...lane(1), ...op.f64Add, ...lane(2), ...op.f64Add, ...lane(3), ...op.f64Add],
    ],
  };
}

interface Exports {
  memory: WasmMemory;
  horizontal(src: number, out: number, n: number, ...kernel: number[]): void;
  vertical(...args: number[]): void;
  mapSum(mx: number, my: number, mss: number, mxy: number, n: number, total: number, c1: number, c2: number): number;
  moments(a: number, b: number, x: number, y: number, ss: number, xy: number, n: number): void;
  squaredError(a: number, b: number, n: number): number;
}

/** This thread's kernels; null where WebAssembly SIMD is not available. */
let kernels: Exports | null | undefined;

function instance(): Exports | null {
  if (kernels !== undefined) return kernels;
  const bytes = assemble([horizontal(), vertical(), mapSum(), moments(), squaredError()], 1);
  kernels = instantiate(bytes) as Exports | null;
  return kernels;
}

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/**
 * The most memory this thread's module may hold (it never shrinks): pairs larger than this, and
 * any the runtime cannot grow memory for, take the JavaScript passes, which work row by row.
 */
const MAX_MEMORY = 512 * 2 ** 20;

/** Copies both images into the module's memory (memory.ts's place), with `extra` bytes free after them: where the second and the free bytes start. */
function load(k: Exports, a: Uint8Array, b: Uint8Array, extra: number): { B: number; free: number } | undefined {
  const at = place(k.memory, [a, b], extra, MAX_MEMORY);
  return at && { B: at[1], free: at[2] };
}

/** Σ (a[i] − b[i])² over two byte arrays of one length (exact), or undefined without WebAssembly SIMD or memory for them. */
export function squaredErrorSimd(a: Uint8Array, b: Uint8Array): number | undefined {
  const k = instance();
  if (k === null) return undefined;
  const loaded = load(k, a, b, 0);
  if (!loaded) return undefined;
  const { B } = loaded;
  const whole = a.length - (a.length % 16);
  let sum = 0;
  for (let at = 0; at < whole; at += 65536) sum += k.squaredError(at, B + at, Math.min(65536, whole - at));
  for (let i = whole; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  return sum;
}

/**
 * Sum of the SSIM map of two 8-bit RGB images (window 11, at least 11×11), or undefined where
 * WebAssembly SIMD or memory for the pair is not available. The caller divides by the number of map values.
 */
export function ssimMapSumSimd(a: Uint8Array, b: Uint8Array, width: number, height: number, constants: SsimConstants): number | undefined {
  const k = instance();
  if (k === null) return undefined;
  const { c1, c2 } = constants;
  const [g0, g1, g2, g3, g4, g5] = constants.kernel;
  const window = 2 * TAPS - 1;
  const validW = width - window + 1;
  // After both images: the four moment rows, the four 11-row rings and the four filtered
  // output rows, each row with room for one padding column.
  const rowBytes = align16(8 * (width + 2));
  const ringRowBytes = align16(8 * (validW + 1));
  const loaded = load(k, a, b, 4 * rowBytes + 4 * window * ringRowBytes + 4 * ringRowBytes);
  if (!loaded) return undefined;
  const { B, free } = loaded;
  const rows = [0, 1, 2, 3].map((m) => free + m * rowBytes);
  const rings = [0, 1, 2, 3].map((m) => free + 4 * rowBytes + m * window * ringRowBytes);
  const outs = [0, 1, 2, 3].map((m) => free + 4 * rowBytes + 4 * window * ringRowBytes + m * ringRowBytes);

  let total = 0;
  for (let row = 0; row < height; row++) {
    k.moments(row * width * 3, B + row * width * 3, rows[0], rows[1], rows[2], rows[3], width);
    const slot = (row % window) * ringRowBytes;
    for (let m = 0; m < 4; m++) k.horizontal(rows[m], rings[m] + slot, validW, g0, g1, g2, g3, g4, g5);
    if (row < window - 1) continue;
    // Output row centred on row − 5: ring rows row − 10 … row, top to bottom.
    const r = (m: number, t: number): number => rings[m] + ((row - window + 1 + t) % window) * ringRowBytes;
    for (let m = 0; m < 4; m++) {
      k.vertical(r(m, 0), r(m, 1), r(m, 2), r(m, 3), r(m, 4), r(m, 5), r(m, 6), r(m, 7), r(m, 8), r(m, 9), r(m, 10), outs[m], validW, g0, g1, g2, g3, g4, g5);
    }
    total = k.mapSum(outs[0], outs[1], outs[2], outs[3], validW, total, c1, c2);
  }
  return total;
}
