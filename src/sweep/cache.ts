import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { EncodeResult } from '../codecs/codec.js';
import { typedReplacer, typedReviver } from './typed-json.js';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Stable JSON: sorted keys, so equal parameter sets hash equally whatever their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The pristine decode of one source file, remembered so a warm run need not decode it. */
export interface SampleRecord {
  width: number;
  height: number;
  /** sha256 of the decoded RGB pixels: what prediction keys are made of. */
  pixelSha256: string;
}

/** What an encode measured; stored beside its bitstream. */
export interface BitstreamRecord {
  codec: string;
  level: number;
  bytes: number;
  bpp: number;
  /** JSON has no Infinity: identical images store null. */
  psnr: number | null;
  ssim: number;
  width: number;
  height: number;
  decodedSha256: string;
}

/** The record of one fresh encode; `digest` hashes the decoded pixels (a worker may pass a faster one). */
export function bitstreamRecord(codec: string, level: number, encoded: EncodeResult, digest: (data: Uint8Array) => string = sha256): BitstreamRecord {
  return {
    codec,
    level,
    bytes: encoded.bytes,
    bpp: encoded.bpp,
    psnr: Number.isFinite(encoded.psnr) ? encoded.psnr : null,
    ssim: encoded.ssim,
    width: encoded.decoded.width,
    height: encoded.decoded.height,
    decodedSha256: digest(encoded.decoded.data),
  };
}

/**
 * The content-addressed cache. Keys are sha256 digests of everything that determines the
 * content, so entries never go stale: a new codec version, parameter or model hash simply
 * makes a new key. Every file is written to a temporary name and renamed into place, so a
 * SIGKILL leaves either the whole entry or none of it; a record (.json) is written after the
 * data it describes, and readers trust only records.
 *
 * Layout: <dir>/samples/ab/<key>.json, <dir>/bitstreams/ab/<key>.<ext> + .json,
 * <dir>/predictions/ab/<key>.json.
 */
export class SweepCache {
  constructor(readonly dir: string) {}

  sampleKey(sourceSha256: string, decoder: string): string {
    return sha256(canonicalJson({ v: 1, source: sourceSha256, decoder }));
  }

  bitstreamKey(parts: { sourceSha256: string; codec: string; level: number; params: Record<string, unknown>; versions: Record<string, string> }): string {
    return sha256(canonicalJson({ v: 1, ...parts }));
  }

  predictionKey(pixelSha256: string, modelHash: string): string {
    return sha256(canonicalJson({ v: 1, pixels: pixelSha256, model: modelHash }));
  }

  getSample(key: string): Promise<SampleRecord | undefined> {
    return this.readJson<SampleRecord>(this.path('samples', key, 'json'));
  }

  putSample(key: string, record: SampleRecord): Promise<void> {
    return this.writeAtomic(this.path('samples', key, 'json'), JSON.stringify(record));
  }

  getBitstream(key: string): Promise<BitstreamRecord | undefined> {
    return this.readJson<BitstreamRecord>(this.path('bitstreams', key, 'json'));
  }

  async readBitstream(key: string, extension: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.path('bitstreams', key, extension));
    } catch {
      return undefined;
    }
  }

  async putBitstream(key: string, extension: string, bitstream: Uint8Array, record: BitstreamRecord): Promise<void> {
    await this.writeAtomic(this.path('bitstreams', key, extension), bitstream);
    await this.writeAtomic(this.path('bitstreams', key, 'json'), JSON.stringify(record));
  }

  async getPrediction<P>(key: string): Promise<P | undefined> {
    const entry = await this.readJson<{ prediction: P }>(this.path('predictions', key, 'json'), typedReviver);
    return entry?.prediction;
  }

  putPrediction(key: string, prediction: unknown): Promise<void> {
    return this.writeAtomic(this.path('predictions', key, 'json'), JSON.stringify({ prediction }, typedReplacer));
  }

  private path(kind: string, key: string, extension: string): string {
    return join(this.dir, kind, key.slice(0, 2), `${key}.${extension}`);
  }

  private async readJson<T>(path: string, reviver?: (key: string, value: unknown) => unknown): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      return JSON.parse(text, reviver) as T;
    } catch {
      // Only a foreign or damaged file can fail to parse (ours are renamed in whole): recompute it.
      return undefined;
    }
  }

  private async writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data);
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
