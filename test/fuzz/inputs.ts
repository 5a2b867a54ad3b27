import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';
import { encodeGrayPng } from '../../src/media/png16.js';
import { Mulberry32 } from '../../src/random.js';

/**
 * Hostile inputs, made cheaply and reproducibly from one seed (src/random.ts): the classes of
 * malformed input the issue lists (deep nesting, external entities, huge headers, special
 * files, huge labels and lists) and random damage to valid files (truncation, flipped bytes,
 * wrong JSON types, garbage).
 */

export class Hostile {
  readonly rng: Mulberry32;

  constructor(readonly seed: number) {
    this.rng = new Mulberry32(seed);
  }

  int(n: number): number {
    return this.rng.int(n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)];
  }

  /** Random damage to a file's bytes: truncation, flipped bytes, inserted garbage, emptiness, duplication. */
  damage(bytes: Uint8Array): { bytes: Buffer; how: string } {
    const b = Buffer.from(bytes);
    const kind = this.int(6);
    if (kind === 0 || b.length === 0) return { bytes: Buffer.alloc(0), how: 'empty' };
    if (kind === 1) {
      const at = this.int(b.length);
      return { bytes: b.subarray(0, at), how: `truncated at ${at}` };
    }
    if (kind === 2) {
      const n = 1 + this.int(8);
      for (let i = 0; i < n; i++) b[this.int(b.length)] ^= 1 << this.int(8);
      return { bytes: b, how: `${n} flipped bits` };
    }
    if (kind === 3) {
      const at = this.int(b.length);
      const junk = Buffer.from(Array.from({ length: 1 + this.int(64) }, () => this.int(256)));
      return { bytes: Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]), how: `${junk.length} bytes inserted at ${at}` };
    }
    if (kind === 4) return { bytes: Buffer.from(Array.from({ length: 1 + this.int(512) }, () => this.int(256))), how: 'garbage' };
    const at = this.int(b.length);
    return { bytes: Buffer.concat([b, b.subarray(at)]), how: `tail from ${at} repeated` };
  }

  /** A hostile JSON value: wrong types, extremes, deep or huge structures. */
  value(): unknown {
    const choices: (() => unknown)[] = [
      () => null,
      () => -1,
      () => 4294967295,
      () => 1e308,
      () => -0,
      () => 0.5,
      () => '',
      () => 'x'.repeat(1 + this.int(5000)),
      () => '<script>alert(1)</script>',
      () => '../../etc/passwd',
      () => '/etc/passwd',
      () => 'a\u0000b',
      () => true,
      () => [],
      () => {
        const v: unknown[] = [];
        let inner = v;
        for (let i = 0; i < 50 + this.int(400); i++) inner.push((inner = []));
        return v;
      },
      () => ({}),
      () => Array.from({ length: 1 + this.int(5) }, () => this.int(1000) - 500),
      () => new Array(20_000 + this.int(80_000)).fill(0),
      () => ({ id: 1, __proto__: { polluted: true } }),
    ];
    return this.pick(choices)();
  }

  /** Parsed JSON with one value somewhere replaced, removed, or duplicated. */
  mutateJson(json: unknown): { json: unknown; how: string } {
    const copy = structuredClone(json) as unknown;
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]): void => {
      if (path.length > 0) paths.push(path);
      if (Array.isArray(v)) v.slice(0, 50).forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(copy, []);
    if (paths.length === 0) return { json: this.value(), how: 'replaced whole' };
    const path = this.pick(paths);
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown>;
    const key = path[path.length - 1];
    const action = this.int(4);
    if (action === 0) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return { json: copy, how: `removed ${path.join('.')}` };
    }
    if (action === 1 && Array.isArray(parent)) {
      parent.push(structuredClone(parent[key as number]));
      return { json: copy, how: `duplicated ${path.join('.')}` };
    }
    const value = this.value();
    parent[key] = value;
    return { json: copy, how: `${path.join('.')} = ${describeValue(value)}` };
  }
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'string') return v.length > 30 ? `string(${v.length})` : JSON.stringify(v);
  return typeof v === 'object' && v !== null ? 'object' : String(v);
}

// --- the issue's fixed cases -------------------------------------------------------------

/** `[[[…]]]` nested `levels` deep: what made JSON.stringify in an error message overflow. */
export const deepJsonArray = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
export const deepJsonObject = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** A VOC annotation whose filename is an external entity pointing at `target` (XXE). */
export const xxeXml = (target: string): string => `<?xml version="1.0"?>
<!DOCTYPE annotation [ <!ENTITY xxe SYSTEM "file://${target}"> ]>
<annotation><filename>&xxe;</filename><size><width>64</width><height>64</height><depth>3</depth></size>
<object><name>&xxe;</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>9</xmax><ymax>9</ymax></bndbox></object></annotation>
`;

/** "Billion laughs": internal entities that expand exponentially. */
export const laughsXml = (): string => {
  const defs = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)];
  return `<?xml version="1.0"?><!DOCTYPE annotation [ ${defs.join(' ')} ]><annotation><filename>&l9;</filename><size><width>1</width><height>1</height></size></annotation>`;
};

export const deepXml = (levels: number): string => `<annotation>${'<a>'.repeat(levels)}${'</a>'.repeat(levels)}<size><width>1</width><height>1</height></size></annotation>`;

export const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  let c = 0xffffffff;
  for (const b of Buffer.concat([head.subarray(4), body])) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((c ^ 0xffffffff) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * A PNG whose IHDR declares width × height but whose IDAT holds only `rows` rows (a few KB):
 * enough for a reader to believe the header, cheap to make for 40 000 × 40 000. With
 * `bomb`, the IDAT is the real compressed data of that many zero rows (a decompression bomb).
 */
export function hugePng(width: number, height: number, options: { bitDepth?: number; colorType?: number; rows?: number } = {}): Buffer {
  const bitDepth = options.bitDepth ?? 8;
  const colorType = options.colorType ?? 0;
  const channels = colorType === 2 ? 3 : colorType === 6 ? 4 : colorType === 4 ? 2 : 1;
  const stride = Math.ceil((width * bitDepth * channels) / 8) + 1;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  const idat = deflateSync(Buffer.alloc(Math.min(stride * (options.rows ?? 1), 2 ** 27)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** A .npy header declaring a huge float32 array, with only a few bytes of data. */
export function hugeNpy(height: number, width: number): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${height}, ${width}), }`;
  header = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 11, ' ') + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.alloc(64)]);
}

/** A small valid 8-bit label map. */
export const smallMask = (width: number, height: number, label: (i: number) => number): Buffer =>
  encodeGrayPng(width, height, 8, Array.from({ length: width * height }, (_, i) => label(i)));

/** The special files a reader must refuse rather than hang on: a FIFO, a link to /dev/zero, a folder, a dangling link, a self-link. */
export type SpecialFile = 'fifo' | 'dev-zero' | 'folder' | 'dangling' | 'loop';
export const SPECIAL_FILES: readonly SpecialFile[] = ['fifo', 'dev-zero', 'folder', 'dangling', 'loop'];

/** Replaces `path` by a special file (mkfifo from coreutils for the FIFO). */
export function makeSpecial(path: string, kind: SpecialFile): void {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(dirname(path), { recursive: true });
  if (kind === 'fifo') execFileSync('mkfifo', [path]);
  else if (kind === 'dev-zero') symlinkSync('/dev/zero', path);
  else if (kind === 'folder') mkdirSync(path);
  else if (kind === 'dangling') symlinkSync(`${path}.nowhere`, path);
  else symlinkSync(path, path);
}

export function write(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { recursive: true, force: true });
  writeFileSync(path, data);
}

/** A label list of `lines` lines, labels from `label(i)`. */
export const labelList = (lines: number, label: (i: number) => number | string): string =>
  Array.from({ length: lines }, (_, i) => `img${i}.png ${label(i)}`).join('\n') + '\n';
