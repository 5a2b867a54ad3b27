import { describe, expect, it } from 'vitest';
import { encodeNpyFloat32, parseNpy } from '../../src/datasets/npy.js';

/** A hand-built .npy, byte for byte as numpy.save writes it. */
function npy(descr: string, shape: string, payload: Buffer, fortran = 'False', version = 1): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
  const pre = version === 1 ? 10 : 12;
  header = header.padEnd(Math.ceil((pre + header.length + 1) / 64) * 64 - pre - 1, ' ') + '\n';
  const head = Buffer.alloc(pre);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = version;
  if (version === 1) head.writeUInt16LE(header.length, 8);
  else head.writeUInt32LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), payload]);
}

describe('parseNpy', () => {
  it('reads float64 and float32 C-order arrays (versions 1 and 2)', () => {
    const f8 = Buffer.alloc(48);
    [0.1, 2, 3, 4, 5, 1e-300].forEach((v, i) => f8.writeDoubleLE(v, 8 * i));
    expect(parseNpy(npy('<f8', '(2, 3)', f8), 'a.npy')).toEqual({ shape: [2, 3], dtype: 'float64', data: new Float64Array([0.1, 2, 3, 4, 5, 1e-300]) });
    const f4 = Buffer.alloc(8);
    f4.writeFloatLE(0.1, 0);
    f4.writeFloatLE(-2.5, 4);
    const arr = parseNpy(npy('<f4', '(2,)', f4, 'False', 2), 'b.npy');
    expect(arr.shape).toEqual([2]);
    expect([...arr.data]).toEqual([Math.fround(0.1), -2.5]);
  });

  it('round-trips its own float32 writer', () => {
    const values = [1.5, 0, -3.25, 1e6, 7, 8];
    expect(parseNpy(encodeNpyFloat32([1, 2, 3], values), 'c.npy')).toEqual({ shape: [1, 2, 3], dtype: 'float32', data: new Float64Array(values) });
  });

  it('refuses other dtypes, Fortran order, truncation and non-npy files with what it expected', () => {
    const data = Buffer.alloc(16);
    expect(() => parseNpy(npy('>f4', '(4,)', data), 'x.npy')).toThrow("x.npy: Expected dtype '<f4' (float32) or '<f8' (float64, little-endian) but received '>f4'");
    expect(() => parseNpy(npy('<i2', '(4,)', data), 'x.npy')).toThrow("received '<i2'");
    expect(() => parseNpy(npy('<f4', '(2, 2)', data, 'True'), 'x.npy')).toThrow('Expected a C-order array but received fortran_order: True');
    expect(() => parseNpy(npy('<f8', '(4,)', data), 'x.npy')).toThrow('Expected 32 bytes of float64 data for shape (4) but received 16');
    expect(() => parseNpy(Buffer.from('PK\x03\x04 not numpy'), 'x.npz')).toThrow('x.npz: Expected a NumPy .npy file (bad magic string)');
  });
});
