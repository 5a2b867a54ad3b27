import { mkdtemp, readdir, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/json.js';
import { sha256, SweepCache } from '../../src/sweep/cache.js';

describe('SweepCache', () => {
  it('keys change with every input that changes the content', () => {
    const cache = new SweepCache('/unused');
    const base = { sourceSha256: 'a'.repeat(64), codec: 'jpeg', level: 50, params: { chroma: '420' }, versions: { libvips: '8.17' } };
    const key = cache.bitstreamKey(base);
    expect(cache.bitstreamKey({ ...base, params: { chroma: '420' } })).toBe(key);
    expect(cache.bitstreamKey({ ...base, level: 51 })).not.toBe(key);
    expect(cache.bitstreamKey({ ...base, params: { chroma: '444' } })).not.toBe(key);
    expect(cache.bitstreamKey({ ...base, versions: { libvips: '8.18' } })).not.toBe(key);
    expect(cache.predictionKey('p', 'model-1')).not.toBe(cache.predictionKey('p', 'model-2'));
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
  });

  it('stores whole entries only and leaves no temporary files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-cache-'));
    const cache = new SweepCache(dir);
    const key = cache.predictionKey('pixels', 'model');
    expect(await cache.getPrediction(key)).toBeUndefined();
    await cache.putPrediction(key, { detections: [{ categoryId: 1, bbox: [1, 2, 3, 4], score: 0.5 }] });
    expect(await cache.getPrediction(key)).toEqual({ detections: [{ categoryId: 1, bbox: [1, 2, 3, 4], score: 0.5 }] });
    const shard = join(dir, 'predictions', key.slice(0, 2));
    expect(await readdir(shard)).toEqual([`${key}.json`]);

    const record = { codec: 'jpeg', level: 5, bytes: 3, bpp: 0.1, psnr: null, ssim: 1, width: 1, height: 1, decodedSha256: 'd' };
    const bkey = 'ab'.repeat(32);
    await cache.putBitstream(bkey, 'jpg', new Uint8Array([1, 2, 3]), record);
    const stored = (await cache.getBitstream(bkey))!;
    expect(stored).toEqual({ ...record, bitstreamSha256: sha256(new Uint8Array([1, 2, 3])) });
    expect([...(await cache.readBitstream(bkey, 'jpg', stored))!]).toEqual([1, 2, 3]);
    // Temporary files live in tmp/ until renamed: nothing is left there either.
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);

    // A damaged record (not one of ours: ours are renamed in whole) reads as a miss.
    const damaged = cache.predictionKey('other', 'model');
    await mkdir(join(dir, 'predictions', damaged.slice(0, 2)), { recursive: true });
    await writeFile(join(dir, 'predictions', damaged.slice(0, 2), `${damaged}.json`), '{"predic');
    expect(await cache.getPrediction(damaged)).toBeUndefined();
  });
});
