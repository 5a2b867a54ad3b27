import { createHash } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';

/**
 * One cache entry on disk: a first line with the length and sha256 of what follows, then the
 * JSON text, checked on every read. Renaming whole files into place already rules out torn
 * writes; the digest catches everything else (a truncated copy, a flipped bit, an edit), which
 * is deleted and recomputed instead of being used.
 */
const HEADER = /^#lossyvision-entry length=(\d+) sha256=([0-9a-f]{64})\n/;

export function sealEntry(payload: string): string {
  return `#lossyvision-entry length=${payload.length} sha256=${digestOf(payload)}\n${payload}`;
}

export function digestOf(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * What a read found: the payload when the digest checks out; `legacy` for a whole JSON record
 * written before entries carried digests (trusted no more: recomputed, but not counted as
 * damage); `damaged` for anything else.
 */
export type OpenedEntry = { readonly kind: 'ok'; readonly payload: string } | { readonly kind: 'legacy' } | { readonly kind: 'damaged' };

export function openEntry(text: string): OpenedEntry {
  const match = HEADER.exec(text);
  if (match) {
    const payload = text.slice(match[0].length);
    if (payload.length === Number(match[1]) && digestOf(payload) === match[2]) return { kind: 'ok', payload };
    return { kind: 'damaged' };
  }
  // Entries from before digests are bare JSON records.
  if (!text.startsWith('{')) return { kind: 'damaged' };
  try {
    JSON.parse(text);
    return { kind: 'legacy' };
  } catch {
    return { kind: 'damaged' };
  }
}

/** Told of each damaged entry a cache found and deleted: `kind` is its folder (predictions, bitstreams, …). */
export type DamageListener = (kind: string, path: string) => void;

/**
 * Reads a sealed JSON entry. Absent → undefined; damaged → deleted, reported, undefined; legacy →
 * undefined (the recomputed entry replaces it).
 */
export async function readEntry<T>(path: string, kind: string, onDamaged: DamageListener | undefined, reviver?: (key: string, value: unknown) => unknown): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const opened = openEntry(text);
  if (opened.kind === 'ok') {
    try {
      return JSON.parse(opened.payload, reviver) as T;
    } catch {
      // Sealed but not JSON: not written by us.
    }
  }
  if (opened.kind !== 'legacy') await discard(path, kind, onDamaged);
  return undefined;
}

/** Deletes a damaged entry (and the files it describes) and says so. */
export async function discard(path: string, kind: string, onDamaged: DamageListener | undefined, ...alongside: string[]): Promise<void> {
  for (const p of [path, ...alongside]) await unlink(p).catch(() => undefined);
  onDamaged?.(kind, path);
}
