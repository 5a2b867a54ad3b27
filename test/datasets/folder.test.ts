import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFolder } from '../../src/datasets/folder.js';
import { collect, fixture } from './helpers.js';

describe('openFolder', () => {
  it('lists images recursively in code-point order, unlabelled', async () => {
    const ds = await openFolder(fixture('classes'));
    expect([ds.format, ds.labelled, ds.size]).toEqual(['folder', false, 3]);
    const samples = await collect(ds);
    expect(samples.map((s) => s.id)).toEqual(['cat/chelsea.png', 'cup/coffee.png', 'person/nasa/astronaut.jpg']);
    expect(samples.every((s) => s.groundTruth === undefined)).toBe(true);
    expect(samples[2].source).toEqual({ format: 'jpeg', lossy: true });
    expect(samples[0].source).toEqual({ format: 'png', lossy: false });
    const bytes = await samples[0].bytes();
    expect([...bytes.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  it('skips hidden entries and non-images, and sorts by code point, not locale', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lv-folder-'));
    mkdirSync(join(root, '.hidden'));
    for (const name of ['b.PNG', 'B.jpg', 'a.webp', 'notes.txt', '.hidden/x.png', 'Z.JPEG']) writeFileSync(join(root, name), '');
    const samples = await collect(await openFolder(root));
    expect(samples.map((s) => s.id)).toEqual(['B.jpg', 'Z.JPEG', 'a.webp', 'b.PNG']);
    // Empty files list fine; decoding fails only on load, naming the file.
    await expect(samples[0].load()).rejects.toMatchObject({ code: 'DECODE_FAILED', message: expect.stringContaining(join(root, 'B.jpg')) });
  });

  it('lists a 5 000-file folder without reading the files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lv-folder-big-'));
    for (let d = 0; d < 5; d++) {
      mkdirSync(join(root, `d${d}`));
      for (let i = 0; i < 1000; i++) writeFileSync(join(root, `d${d}`, `${String(i).padStart(4, '0')}.jpg`), '');
    }
    const ds = await openFolder(root);
    expect(ds.size).toBe(5_000);
    let n = 0;
    let previous = '';
    for await (const s of ds.samples()) {
      expect(s.id > previous).toBe(true);
      previous = s.id;
      n++;
    }
    expect(n).toBe(5_000);
  });

  it('names a missing folder', async () => {
    await expect(openFolder(fixture('nope'))).rejects.toThrow(`${fixture('nope')}: Expected a folder but it does not exist`);
  });
});
