import { LossyvisionError } from '../../errors.js';

export const FASHION_MNIST_SIDE = 28;
const PIXELS = FASHION_MNIST_SIDE * FASHION_MNIST_SIDE;

const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/**
 * Reads one of the `fashion-mnist` package's class files, `{"data": [[784 numbers 0–255], …]}`,
 * straight into bytes: JSON.parse would build 5.5 million boxed numbers per file (≈ 100 MB of
 * heap) to keep 5.5 MB. Empty rows (the package has two, `[]`) are skipped. Returns rows × 784
 * grey values, row-major.
 */
export function parseClothesFile(text: Uint8Array, file: string): { rows: number; pixels: Uint8Array } {
  const fail = (at: number, expected: string): never => {
    throw new LossyvisionError('INVALID_FILE', `Expected ${expected} at byte ${at}`, { file, entry: 'data' });
  };
  const key = Buffer.from(text.buffer, text.byteOffset, text.byteLength).indexOf('"data"');
  if (key < 0) fail(0, 'a "data" key');
  let i = key + 6;
  const skip = (): void => {
    while (i < text.length && (text[i] === 0x20 || text[i] === 0x0a || text[i] === 0x0d || text[i] === 0x09)) i++;
  };
  skip();
  if (text[i] !== 0x3a) fail(i, '":"');
  i++;
  skip();
  if (text[i] !== OPEN) fail(i, 'the "[" opening the rows');
  i++;
  let out = new Uint8Array(PIXELS * 7100);
  let rows = 0;
  // One pass over the bytes; a hot loop (≈ 16 MB per file), so plain comparisons, no helpers.
  let n = -1; // values in the current row; -1 between rows
  let value = 0;
  let digits = 0;
  const end = text.length;
  for (; i < end; i++) {
    const c = text[i];
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits++;
      continue;
    }
    if (digits > 0) {
      if (n < 0) fail(i, 'a "[" opening a row');
      if (value > 255) fail(i, 'an integer pixel value 0–255');
      if (n >= PIXELS) fail(i, `rows of ${PIXELS} values`);
      out[rows * PIXELS + n++] = value;
      value = 0;
      digits = 0;
    }
    if (c === COMMA || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (c === OPEN) {
      if (n >= 0) fail(i, 'a pixel value');
      n = 0;
      if (out.length < (rows + 1) * PIXELS) {
        const grown = new Uint8Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
    } else if (c === CLOSE) {
      if (n < 0) break; // the "]" closing the rows
      if (n !== 0 && n !== PIXELS) fail(i, `rows of ${PIXELS} values but a row has ${n}`);
      if (n === PIXELS) rows++;
      n = -1;
    } else {
      fail(i, 'an integer pixel value 0–255');
    }
  }
  if (i >= end) fail(i, 'the "]" closing the rows');
  return { rows, pixels: out.subarray(0, rows * PIXELS) };
}
