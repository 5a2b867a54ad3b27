/**
 * A minimal WebAssembly binary writer: just the instructions lossyvision's SIMD kernels use
 * (fidelity/simd.ts, models/calculators/resample-pil-simd.ts), so they ship as TypeScript with
 * no wasm toolchain in the build. Each instruction helper returns its bytes; a function body
 * is a flat list of them.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;

export function u32(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function s32(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (op: number, ...rest: number[]): number[] => [0xfd, ...u32(op), ...rest];
/** memarg: alignment hint 0 (loads may be unaligned) and a constant byte offset. */
const memarg = (offset: number): number[] => [0, ...u32(offset)];

export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...u32(depth)],
  brIf: (depth: number) => [0x0d, ...u32(depth)],
  get: (local: number) => [0x20, ...u32(local)],
  set: (local: number) => [0x21, ...u32(local)],
  tee: (local: number) => [0x22, ...u32(local)],
  i32Load: (offset = 0) => [0x28, ...memarg(offset)],
  i32Load8U: (offset = 0) => [0x2d, ...memarg(offset)],
  i32Store: (offset = 0) => [0x36, ...memarg(offset)],
  f64Store: (offset = 0) => [0x39, ...memarg(offset)],
  i32Const: (value: number) => [0x41, ...s32(value)],
  f64Const: (value: number) => [0x44, ...new Uint8Array(Float64Array.of(value).buffer)],
  i32GeU: [0x4f],
  i32LtU: [0x49],
  i32Ne: [0x47],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64ConvertI32S: [0xb7],
  f64ConvertI32U: [0xb8],
  v128Load: (offset = 0) => simd(0x00, ...memarg(offset)),
  v128Store: (offset = 0) => simd(0x0b, ...memarg(offset)),
  v128Load32Zero: (offset = 0) => simd(0x5c, ...memarg(offset)),
  i32x4Splat: simd(0x11),
  f64x2Splat: simd(0x14),
  i32x4ExtractLane: (lane: number) => simd(0x1b, lane),
  f64x2ExtractLane: (lane: number) => simd(0x21, lane),
  i8x16NarrowI16x8U: simd(0x66),
  i16x8NarrowI32x4S: simd(0x85),
  i16x8ExtendLowI8x16U: simd(0x89),
  i16x8ExtendHighI8x16U: simd(0x8a),
  i16x8Sub: simd(0x91),
  i32x4ExtendLowI16x8U: simd(0xa9),
  i32x4ExtendHighI16x8U: simd(0xaa),
  i32x4ShrS: simd(0xac),
  i32x4Add: simd(0xae),
  i32x4Mul: simd(0xb5),
  i32x4DotI16x8S: simd(0xba),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Div: simd(0xf3),
};

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Locals after the parameters, in order. */
  readonly locals: readonly ValType[];
  readonly body: readonly (readonly number[])[];
}

const vec = (items: readonly (readonly number[])[]): number[] => [...u32(items.length), ...items.flat()];
const section = (id: number, content: readonly number[]): number[] => [id, ...u32(content.length), ...content];
const utf8 = (text: string): number[] => { const bytes = [...new TextEncoder().encode(text)]; return [...u32(bytes.length), ...bytes]; };

/** A module of `functions` (each exported by name, one type each) and one exported memory "memory". */
export function assemble(functions: readonly WasmFunction[], memoryPages: number): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const bodies = functions.map((f) => {
    const content = [...vec(f.locals.map((t) => [1, t])), ...f.body.flat(), ...op.end];
    return [...u32(content.length), ...content];
  });
  const exports = [
    ...functions.map((f, i) => [...utf8(f.name), 0x00, ...u32(i)]),
    [...utf8('memory'), 0x02, ...u32(0)],
  ];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => u32(i)))),
    ...section(5, vec([[0x00, ...u32(memoryPages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}

/** The part of the WebAssembly JS API used here (TypeScript declares it only in lib.dom). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/** The module's exports, or null where the runtime cannot run it (no WebAssembly, or no SIMD: Node ≥ 16.4 has it). */
export function instantiate(bytes: Uint8Array): unknown {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return wasm?.validate(bytes) ? new wasm.Instance(new wasm.Module(bytes)).exports : null;
}
