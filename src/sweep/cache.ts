import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EncodeResult } from '../codecs/codec.js';
import { registerTempFileArea, removeStaleTempFiles } from '../temp-files.js';
import { writeFileAtomic } from '../files.js';
import { discard, readEntry, sealEntry, type DamageListener } from './entry.js';
import { typedReplacer, typedReviver } from './typed-json.js';
import { canonicalJson } from '../json.js';
import { measuresPsnr, measuresSsim, type Fidelity } from '../fidelity/fidelity.js';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
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
  /** JSON has no Infinity: identical images store null. Absent when the encode's fidelity left it out. */
  psnr?: number | null;
  /** NaN (stored as null) for images smaller than the SSIM window; absent when left out. */
  ssim?: number;
  width: number;
  height: number;
  decodedSha256: string;
  /** sha256 of the bitstream file: checked before a cached bitstream is decoded. */
  bitstreamSha256?: string;
}

/** The record of one fresh encode; `digest` hashes the decoded pixels (a worker may pass a faster one); it keeps the measures `fidelity` computed. */
export function bitstreamRecord(
  codec: string,
  level: number,
  encoded: EncodeResult,
  digest: (data: Uint8Array) => string = sha256,
  fidelity: Fidelity = 'full',
): BitstreamRecord {
  return {
    codec,
    level,
    bytes: encoded.bytes,
    bpp: encoded.bpp,
    ...(measuresPsnr(fidelity) ? { psnr: Number.isFinite(encoded.psnr) ? encoded.psnr : null } : {}),
    // Images smaller than the SSIM window have none (NaN): stored as null.
    ...(measuresSsim(fidelity) ? { ssim: encoded.ssim } : {}),
    width: encoded.decoded.width,
    height: encoded.decoded.height,
    decodedSha256: digest(encoded.decoded.data),
    bitstreamSha256: digest(encoded.bitstream),
  };
}

/**
 * The content-addressed cache. Keys are sha256 digests of everything that determines the
 * content, so entries never go stale: a new codec version, parameter or model hash simply
 * makes a new key. Every file is written to a temporary name (in `<dir>/tmp`) and renamed into
 * place, so a SIGKILL leaves either the whole entry or none of it; a record (.json) is written
 * after the data it describes, and readers trust only records.
 *
 * Every record carries its own length and sha256 (entry.ts), and a bitstream record the sha256
 * of its bitstream; both are checked on read. A damaged entry is deleted, reported to
 * `onDamaged` and read as a miss, so the caller computes it again: it is never used. Records
 * from before digests read as misses too (and are replaced), without counting as damage.
 *
 * Layout: <dir>/samples/ab/<key>.json, <dir>/bitstreams/ab/<key>.<ext> + .json,
 * <dir>/predictions/ab/<key>.json, <dir>/tmp/ (temporary files).
 */
export class SweepCache {
  constructor(
    readonly dir: string,
    private readonly onDamaged?: DamageListener,
  ) {}

  /** The same cache, reporting damaged entries to `listener` (a per-sample counter). */
  withDamageListener(listener: DamageListener): SweepCache {
    return new SweepCache(this.dir, listener);
  }

  /** Where temporary files go before they are renamed into place. */
  get tmpDir(): string {
    return join(this.dir, 'tmp');
  }

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
    return readEntry<SampleRecord>(this.path('samples', key, 'json'), 'samples', this.onDamaged);
  }

  putSample(key: string, record: SampleRecord): Promise<void> {
    return this.writeAtomic(this.path('samples', key, 'json'), sealEntry(JSON.stringify(record)));
  }

  async getBitstream(key: string): Promise<BitstreamRecord | undefined> {
    const path = this.path('bitstreams', key, 'json');
    const record = await readEntry<BitstreamRecord>(path, 'bitstreams', this.onDamaged);
    // A record without the bitstream's digest cannot vouch for it.
    if (record && typeof record.bitstreamSha256 !== 'string') return undefined;
    return record;
  }

  /**
   * The bitstream a record describes, checked against the record's length and digest. Missing
   * or damaged: undefined (a damaged one is deleted with its record and reported), so the caller
   * encodes again.
   */
  async readBitstream(key: string, extension: string, record: BitstreamRecord): Promise<Uint8Array | undefined> {
    const path = this.path('bitstreams', key, extension);
    const recordPath = this.path('bitstreams', key, 'json');
    let data: Uint8Array;
    try {
      data = await readFile(path);
    } catch {
      // The record outlived its bitstream: drop it so the entry is made whole again.
      await discard(recordPath, 'bitstreams', this.onDamaged);
      return undefined;
    }
    if (data.byteLength !== record.bytes || sha256(data) !== record.bitstreamSha256) {
      await discard(recordPath, 'bitstreams', this.onDamaged, path);
      return undefined;
    }
    return data;
  }

  async putBitstream(key: string, extension: string, bitstream: Uint8Array, record: BitstreamRecord): Promise<void> {
    const full: BitstreamRecord = { ...record, bitstreamSha256: record.bitstreamSha256 ?? sha256(bitstream) };
    await this.writeAtomic(this.path('bitstreams', key, extension), bitstream);
    await this.writeAtomic(this.path('bitstreams', key, 'json'), sealEntry(JSON.stringify(full)));
  }

  async getPrediction<P>(key: string): Promise<P | undefined> {
    const entry = await readEntry<{ prediction: P }>(this.path('predictions', key, 'json'), 'predictions', this.onDamaged, typedReviver);
    return entry?.prediction;
  }

  putPrediction(key: string, prediction: unknown): Promise<void> {
    return this.writeAtomic(this.path('predictions', key, 'json'), sealEntry(JSON.stringify({ prediction }, typedReplacer)));
  }

  /** Removes temporary files that killed runs left in `<dir>/tmp`; an interrupt removes this run's own (temp-files.ts). */
  removeStaleTemp(): Promise<string[]> {
    registerTempFileArea(this.tmpDir);
    return removeStaleTempFiles(this.tmpDir);
  }

  private path(kind: string, key: string, extension: string): string {
    return join(this.dir, kind, key.slice(0, 2), `${key}.${extension}`);
  }

  private writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
    return writeFileAtomic(path, data, { tmpDir: this.tmpDir });
  }
}
