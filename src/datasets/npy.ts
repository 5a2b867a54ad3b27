import { LossyvisionError } from '../errors.js';
import { maxPixels } from '../media/limits.js';

/** A float array read from a NumPy `.npy` file, widened to float64 (exact for float32). */
export interface NpyArray {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'float64';
  readonly data: Float64Array;
}

const MAGIC = '\x93NUMPY';
const DTYPES = new Map<string, { dtype: 'float32' | 'float64'; bytes: number }>([
  ['<f4', { dtype: 'float32', bytes: 4 }],
  ['<f8', { dtype: 'float64', bytes: 8 }],
]);

function invalid(file: string, message: string): LossyvisionError {
  return new LossyvisionError('INVALID_FILE', message, { file });
}

/**
 * The minimal `.npy` reader depth maps need: format versions 1–3, little-endian float32 or
 * float64, C order. Anything else (big-endian, integers, Fortran order, pickled objects) is
 * refused with a message saying what was found, rather than guessed at.
 */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 10 || buf.toString('latin1', 0, 6) !== MAGIC) throw invalid(file, 'Expected a NumPy .npy file (bad magic string)');
  const major = buf[6];
  if (major < 1 || major > 3) throw invalid(file, `Expected .npy format version 1, 2 or 3 but received ${major}`);
  const headerLength = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (buf.length < dataStart) throw invalid(file, 'Expected a complete .npy header, file is truncated');
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', headerStart, dataStart);

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw invalid(file, `Expected an .npy header with descr, fortran_order and shape but received ${header.trim()}`);
  }
  const type = DTYPES.get(descr);
  if (!type) throw invalid(file, `Expected dtype '<f4' (float32) or '<f8' (float64, little-endian) but received '${descr}'`);
  if (fortran === 'True') throw invalid(file, 'Expected a C-order array but received fortran_order: True');
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw invalid(file, `Expected a shape of non-negative integers but received (${shapeText})`);

  const count = shape.reduce((a, b) => a * b, 1);
  // A depth map's values are its pixels: the same header limit as images, before allocating.
  if (count > maxPixels()) throw invalid(file, `Expected at most ${maxPixels()} values (--max-pixels) but the header's shape (${shape.join(', ')}) holds ${count}`);
  const expected = count * type.bytes;
  if (buf.length - dataStart < expected) {
    throw invalid(file, `Expected ${expected} bytes of ${type.dtype} data for shape (${shape.join(', ')}) but received ${buf.length - dataStart}`);
  }
  const data = new Float64Array(count);
  if (type.bytes === 4) for (let i = 0; i < count; i++) data[i] = buf.readFloatLE(dataStart + 4 * i);
  else for (let i = 0; i < count; i++) data[i] = buf.readDoubleLE(dataStart + 8 * i);
  return { shape, dtype: type.dtype, data };
}

/** Writes a little-endian C-order float32 `.npy` (version 1): fixtures and saved predictions. */
export function encodeNpyFloat32(shape: readonly number[], values: ArrayLike<number>): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  // The header, newline included, pads the data start to a multiple of 64 bytes.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = Buffer.alloc(total + 4 * values.length);
  out.write(MAGIC, 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  for (let i = 0; i < values.length; i++) out.writeFloatLE(values[i], total + 4 * i);
  return out;
}
