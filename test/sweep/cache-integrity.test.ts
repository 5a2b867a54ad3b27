import { copyFile, mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256, SweepCache } from '../../src/sweep/cache.js';
import { VideoRecords } from '../../src/sweep/video-records.js';
import { runSweep, type SweepResult } from '../../src/sweep/run.js';
import type { SweepConfig } from '../../src/sweep/plan.js';
import { studyTable, tableCsv } from '../../src/sweep/table.js';

const photos = fileURLToPath(new URL('../../demo/photos/', import.meta.url));
const clip = fileURLToPath(new URL('../fixtures/video/vtest-10.avi', import.meta.url));
const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));

type Damage = 'truncate' | 'flip';

/** Truncates a file to half its length, or flips one bit in its middle. */
async function damage(file: string, how: Damage): Promise<void> {
  const bytes = await readFile(file);
  if (how === 'truncate') {
    await truncate(file, Math.floor(bytes.length / 2));
  } else {
    bytes[Math.floor(bytes.length / 2)] ^= 0x04;
    await writeFile(file, bytes);
  }
}

/** Every entry file of one kind (`predictions`, `bitstreams` with an extension, …) in a cache. */
async function entries(cache: string, kind: string, extension = '.json'): Promise<string[]> {
  const dir = join(cache, kind);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const shard of (await readdir(dir)).sort()) {
    for (const name of (await readdir(join(dir, shard))).sort()) if (name.endsWith(extension)) out.push(join(dir, shard, name));
  }
  return out;
}

describe('cache entries carry their digest', () => {
  const bitstream = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  const record = { codec: 'jpeg', level: 5, bytes: 8, bpp: 0.1, psnr: 30, ssim: 0.9, width: 4, height: 2, decodedSha256: 'd'.repeat(64) };
  const pristine = { width: 4, height: 2, fps: 10, frameCount: 3, sourceCodec: 'h264', lossy: true, frames: { '0': 'a'.repeat(64) } };
  const encode = { codec: 'h264', encoder: 'libx264', encoderVersion: '164', level: 30, bytes: 10, containerBytes: 0, kbps: 1, bpp: 0.1, frames: 3, meanPsnr: 40, meanSsim: 0.99, scored: { '0': { sha: 'b'.repeat(64), psnr: 40, ssim: 0.99 } } };

  for (const how of ['truncate', 'flip'] as const) {
    it(`detects a ${how}d entry of every kind, deletes it and reports it`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'lv-cache-damage-'));
      const found: string[] = [];
      const cache = new SweepCache(dir, (kind) => found.push(kind));
      const videos = new VideoRecords(dir, (kind) => found.push(kind));
      const key = (n: string): string => sha256(n);
      await cache.putSample(key('s'), { width: 4, height: 2, pixelSha256: 'c'.repeat(64) });
      await cache.putBitstream(key('b'), 'jpg', bitstream, record);
      await cache.putBitstream(key('b2'), 'jpg', bitstream, record);
      await cache.putPrediction(key('p'), { detections: [{ categoryId: 1, bbox: [1, 2, 3, 4], score: 0.5 }] });
      await videos.putPristine(key('v'), pristine);
      await videos.putEncode(key('e'), encode);

      // Intact: every entry reads back as written.
      expect(await cache.getSample(key('s'))).toEqual({ width: 4, height: 2, pixelSha256: 'c'.repeat(64) });
      const meta = (await cache.getBitstream(key('b2')))!;
      expect([...(await cache.readBitstream(key('b2'), 'jpg', meta))!]).toEqual([...bitstream]);
      expect(await videos.getPristine(key('v'))).toEqual(pristine);
      expect(found).toEqual([]);

      const path = (kind: string, k: string, ext = 'json'): string => join(dir, kind, k.slice(0, 2), `${k}.${ext}`);
      const damaged = [
        path('samples', key('s')),
        path('bitstreams', key('b')),
        path('bitstreams', key('b2'), 'jpg'),
        path('predictions', key('p')),
        path('videos', key('v')),
        path('video-encodes', key('e')),
      ];
      for (const file of damaged) await damage(file, how);

      expect(await cache.getSample(key('s'))).toBeUndefined();
      expect(await cache.getBitstream(key('b'))).toBeUndefined();
      // The record is intact but its bitstream is not: both go.
      expect(await cache.readBitstream(key('b2'), 'jpg', (await cache.getBitstream(key('b2')))!)).toBeUndefined();
      expect(await cache.getPrediction(key('p'))).toBeUndefined();
      expect(await videos.getPristine(key('v'))).toBeUndefined();
      expect(await videos.getEncode(key('e'))).toBeUndefined();
      expect(found).toEqual(['samples', 'bitstreams', 'bitstreams', 'predictions', 'videos', 'video-encodes']);
      for (const file of [...damaged, path('bitstreams', key('b2'))]) expect(existsSync(file), file).toBe(false);
    });
  }

  it('reads entries from before digests as misses, without counting them as damage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-cache-legacy-'));
    const found: string[] = [];
    const cache = new SweepCache(dir, (kind) => found.push(kind));
    const k = sha256('legacy');
    const file = join(dir, 'predictions', k.slice(0, 2), `${k}.json`);
    await cache.putPrediction(k, [1]);
    // The old format: the bare JSON, no digest line.
    await writeFile(file, JSON.stringify({ prediction: [1] }));
    expect(await cache.getPrediction(k)).toBeUndefined();
    expect(found).toEqual([]);
    // A bitstream record without the bitstream's digest cannot vouch for its bitstream either.
    const b = sha256('old bitstream');
    await cache.putBitstream(b, 'jpg', bitstream, record);
    const sealed = await readFile(join(dir, 'bitstreams', b.slice(0, 2), `${b}.json`), 'utf8');
    expect(sealed).toMatch(/^#lossyvision-entry length=\d+ sha256=[0-9a-f]{64}\n\{/);
    await writeFile(join(dir, 'bitstreams', b.slice(0, 2), `${b}.json`), JSON.stringify(record));
    expect(await cache.getBitstream(b)).toBeUndefined();
    expect(found).toEqual([]);
  });
});

let data: string;
let videoData: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'lv-integrity-data-'));
  for (const f of ['chelsea.png', 'coffee.png']) await copyFile(join(photos, f), join(data, f));
  videoData = await mkdtemp(join(tmpdir(), 'lv-integrity-video-'));
  await copyFile(clip, join(videoData, 'walk.avi'));
});

const imageConfig = async (models: string[], cacheDir?: string): Promise<SweepConfig> => ({
  task: 'detection',
  data,
  models,
  conditions: [{ codec: 'jpeg', level: 30 }, { codec: 'webp', level: 20 }],
  seed: 0,
  referenceThreshold: 0.5,
  workers: 1,
  cacheDir: cacheDir ?? (await mkdtemp(join(tmpdir(), 'lv-integrity-cache-'))),
  modelLoader: gridModel,
});

const videoConfig = async (cacheDir?: string): Promise<SweepConfig> => ({
  task: 'detection',
  data: videoData,
  models: ['grid'],
  conditions: [{ codec: 'h264', level: 35, params: { preset: 'ultrafast' } }, { codec: 'jpeg', level: 30 }],
  seed: 0,
  referenceThreshold: 0.5,
  workers: 1,
  cacheDir: cacheDir ?? (await mkdtemp(join(tmpdir(), 'lv-integrity-vcache-'))),
  modelLoader: gridModel,
  video: { frameStride: 3 },
});

/** Every number a user sees: the table as CSV, and the streams of a video sweep. */
const numbers = (r: SweepResult): string => tableCsv(studyTable(r)) + JSON.stringify(r.streams ?? []);

describe('a sweep over a damaged cache', () => {
  it('detects a damaged image-sweep entry of each kind, computes it again, counts it and gives the clean numbers', async () => {
    // The damaged bitstream must be decoded to matter: a second model arrives after the damage (as in the bug report).
    const clean = await runSweep(await imageConfig(['grid', 'grid:90']));
    expect(clean.stats.repaired).toBe(0);
    for (const [kind, extension] of [['samples', '.json'], ['bitstreams', '.json'], ['bitstreams', '.jpg'], ['bitstreams', '.webp'], ['predictions', '.json']] as const) {
      for (const how of ['truncate', 'flip'] as const) {
        const cfg = await imageConfig(['grid']);
        await runSweep(cfg);
        const [victim] = await entries(cfg.cacheDir, kind, extension);
        await damage(victim, how);
        const rerun = await runSweep({ ...cfg, models: ['grid', 'grid:90'] });
        expect(rerun.stats.repaired, `${how} ${kind} ${extension}`).toBe(1);
        expect(numbers(rerun), `${how} ${kind} ${extension}`).toBe(numbers(clean));
        // Repaired for good: the next run finds nothing wrong and computes nothing.
        const again = await runSweep({ ...cfg, models: ['grid', 'grid:90'] });
        expect([again.stats.repaired, again.stats.computed.encodes, again.stats.computed.predictions]).toEqual([0, 0, 0]);
      }
    }
  }, 120_000);

  it('detects a damaged video-sweep entry of each kind, computes it again, counts it and gives the clean numbers', async () => {
    const clean = await runSweep(await videoConfig());
    expect(clean.stats.repaired).toBe(0);
    const cfg = await videoConfig();
    await runSweep(cfg);
    for (const [kind, extension] of [['videos', '.json'], ['video-encodes', '.json'], ['predictions', '.json'], ['bitstreams', '.json']] as const) {
      const [victim] = await entries(cfg.cacheDir, kind, extension);
      await damage(victim, kind === 'predictions' ? 'flip' : 'truncate');
      const rerun = await runSweep(cfg);
      expect(rerun.stats.repaired, `${kind} ${extension}`).toBe(1);
      expect(numbers(rerun), `${kind} ${extension}`).toBe(numbers(clean));
    }
    const again = await runSweep(cfg);
    expect([again.stats.repaired, again.stats.computed.encodes, again.stats.computed.predictions]).toEqual([0, 0, 0]);

    // A damaged per-frame JPEG bitstream matters once its pixels are needed: a second model arrives.
    const cleanTwo = await runSweep({ ...(await videoConfig()), models: ['grid', 'grid:90'] });
    const [victim] = await entries(cfg.cacheDir, 'bitstreams', '.jpg');
    await damage(victim, 'flip');
    const two = await runSweep({ ...cfg, models: ['grid', 'grid:90'] });
    expect(two.stats.repaired).toBe(1);
    expect(numbers(two)).toBe(numbers(cleanTwo));
  }, 120_000);
});
