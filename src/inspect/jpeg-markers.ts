import { LossyvisionError } from '../errors.js';

/** One image component as the frame header (SOFn) declares it. */
export interface JpegComponent {
  readonly id: number;
  /** Horizontal and vertical sampling factors, 1–4. */
  readonly h: number;
  readonly v: number;
  /** Which quantisation table (0–3) it uses. */
  readonly table: number;
}

/** A quantisation table from a DQT segment, in natural (row-major) order. */
export interface QuantTable {
  readonly id: number;
  /** 8 or 16 bits per entry. */
  readonly bits: 8 | 16;
  readonly values: readonly number[];
}

/** What a JPEG's headers say: the frame (SOFn) and its quantisation tables (DQT). */
export interface JpegHeaders {
  readonly width: number;
  readonly height: number;
  /** Sample precision in bits (8 or 12). */
  readonly precision: number;
  /** The coding process the SOF marker names. */
  readonly process: 'baseline' | 'extended' | 'progressive' | 'lossless';
  readonly arithmetic: boolean;
  readonly components: readonly JpegComponent[];
  /** The tables in force at the first scan, by id. */
  readonly tables: ReadonlyMap<number, QuantTable>;
  /** Adobe APP14 transform flag when present: 0 = no colour transform (RGB/CMYK), 1 = YCbCr, 2 = YCCK. */
  readonly adobeTransform?: number;
}

/** Zig-zag index → natural position (ITU T.81 figure A.6; libjpeg's jpeg_natural_order). */
export const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
  30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

const PROCESSES: ReadonlyMap<number, [JpegHeaders['process'], boolean]> = new Map([
  [0xc0, ['baseline', false]],
  [0xc1, ['extended', false]],
  [0xc2, ['progressive', false]],
  [0xc3, ['lossless', false]],
  [0xc5, ['extended', false]],
  [0xc6, ['progressive', false]],
  [0xc7, ['lossless', false]],
  [0xc9, ['extended', true]],
  [0xca, ['progressive', true]],
  [0xcb, ['lossless', true]],
  [0xcd, ['extended', true]],
  [0xce, ['progressive', true]],
  [0xcf, ['lossless', true]],
]);

/**
 * Walks the marker segments from SOI to the first SOS (start of scan): every table the first
 * scan uses is defined before it. Reads headers only; no entropy-coded data is touched.
 */
export function readJpegHeaders(bytes: Uint8Array, file?: string): JpegHeaders {
  const fail = (message: string): never => {
    throw new LossyvisionError('INVALID_FILE', `JPEG ${message}`, { file });
  };
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) fail('does not start with SOI (FF D8)');
  const tables = new Map<number, QuantTable>();
  let frame: Omit<JpegHeaders, 'tables' | 'adobeTransform'> | undefined;
  let adobeTransform: number | undefined;
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) fail(`expected a marker at byte ${at}`);
    while (bytes[at] === 0xff) at++; // fill bytes
    const marker = bytes[at++];
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // no length
    if (marker === 0xd9) break; // EOI
    if (at + 2 > bytes.length) fail(`segment FF ${hex(marker)} at byte ${at - 2} is cut short`);
    const length = (bytes[at] << 8) | bytes[at + 1];
    const start = at + 2;
    const end = at + length;
    if (length < 2 || end > bytes.length) fail(`segment FF ${hex(marker)} at byte ${at - 2} runs past the end of the file`);
    if (marker === 0xdb) readDqt(bytes, start, end, tables, fail);
    else if (PROCESSES.has(marker)) frame = readSof(bytes, start, end, PROCESSES.get(marker)!, fail);
    else if (marker === 0xee && end - start >= 12 && String.fromCharCode(...bytes.subarray(start, start + 5)) === 'Adobe') adobeTransform = bytes[start + 11];
    else if (marker === 0xda) break; // SOS: the tables of the first scan are all known
    at = end;
  }
  if (!frame) return fail('has no frame header (SOF) before its first scan');
  return { ...frame, tables, adobeTransform };
}

function readDqt(b: Uint8Array, start: number, end: number, tables: Map<number, QuantTable>, fail: (m: string) => never): void {
  let at = start;
  while (at < end) {
    const bits = b[at] >> 4 === 0 ? 8 : 16;
    const id = b[at] & 0x0f;
    if (b[at] >> 4 > 1 || id > 3) fail(`DQT table header 0x${hex(b[at])} is not valid (precision 0/1, id 0–3)`);
    at++;
    const size = bits === 8 ? 64 : 128;
    if (at + size > end) fail(`DQT table ${id} is cut short`);
    const values = new Array<number>(64);
    for (let k = 0; k < 64; k++) values[ZIGZAG[k]] = bits === 8 ? b[at + k] : (b[at + 2 * k] << 8) | b[at + 2 * k + 1];
    tables.set(id, { id, bits, values });
    at += size;
  }
}

function readSof(b: Uint8Array, start: number, end: number, [process, arithmetic]: [JpegHeaders['process'], boolean], fail: (m: string) => never) {
  if (end - start < 6) fail('frame header (SOF) is cut short');
  const count = b[start + 5];
  if (end - start < 6 + 3 * count) fail(`frame header (SOF) declares ${count} components but holds fewer`);
  const components: JpegComponent[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + 6 + 3 * i;
    components.push({ id: b[at], h: b[at + 1] >> 4, v: b[at + 1] & 0x0f, table: b[at + 2] });
  }
  return { precision: b[start], height: (b[start + 1] << 8) | b[start + 2], width: (b[start + 3] << 8) | b[start + 4], process, arithmetic, components };
}

const hex = (v: number): string => v.toString(16).toUpperCase().padStart(2, '0');
