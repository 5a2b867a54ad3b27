/** A module's exported memory, as the WebAssembly JS API gives it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A block's room in memory: its bytes rounded up to 16, with at least 16 to spare for a vector read or written past its end. */
const room = (bytes: number): number => Math.ceil((bytes + 16) / 16) * 16;

/**
 * Copies `arrays` into `memory` one after another from 0, growing it as needed (never past
 * `maxBytes`: memory never shrinks), with `extra` bytes after them. Returns their offsets and
 * then that of the extra bytes, or undefined when they would not fit or the runtime cannot grow
 * the memory; callers then take their JavaScript path.
 */
export function place(memory: WasmMemory, arrays: readonly (Uint8Array | Int32Array)[], extra: number, maxBytes: number): number[] | undefined {
  const offsets: number[] = [];
  let end = 0;
  for (const array of arrays) {
    offsets.push(end);
    end += room(array.byteLength);
  }
  if (end + extra > maxBytes) return undefined;
  const have = memory.buffer.byteLength;
  try {
    if (end + extra > have) memory.grow(Math.ceil((end + extra - have) / 65536));
  } catch {
    return undefined;
  }
  arrays.forEach((array, i) => new Uint8Array(memory.buffer, offsets[i], array.byteLength).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength)));
  return [...offsets, end];
}
