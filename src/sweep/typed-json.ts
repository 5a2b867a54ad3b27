/**
 * JSON for predictions that hold typed arrays (label maps, depth maps): a typed array is written
 * as `{ "$typed": "Float32Array", "base64": … }` and read back as the same array type, bit for
 * bit. Plain JSON would turn a Uint8Array into an object of numbered keys, and a 1-megapixel
 * Float32Array into 10 MB of decimal text.
 */
const TYPED = {
  Uint8Array,
  Uint16Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;

type TypedName = keyof typeof TYPED;

export function typedReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name;
    if (name in TYPED) {
      return { $typed: name, base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    }
  }
  return value;
}

export function typedReviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$typed' in value && 'base64' in value) {
    const { $typed, base64 } = value as { $typed: string; base64: unknown };
    const Ctor = TYPED[$typed as TypedName];
    if (Ctor && typeof base64 === 'string') {
      // A fresh, aligned buffer: Buffer.from may hand back a slice of its shared pool.
      const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
      return new Ctor(bytes.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
  }
  return value;
}
