import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceAtomically, writeFileAtomic } from '../src/files.js';

describe('atomic writes (src/files.ts)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lv-files-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the whole file, making missing folders, and replaces an existing one', async () => {
    const file = path.join(dir, 'a', 'b', 'x.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, new Uint8Array([104, 105]));
    expect(await readFile(file, 'utf8')).toBe('hi');
    expect(await readdir(path.dirname(file))).toEqual(['x.json']);
  });

  it('puts the temporary file in tmpDir when given, and leaves nothing there', async () => {
    const tmp = path.join(dir, 'tmp');
    const seen: string[] = [];
    await replaceAtomically(path.join(dir, 'out', 'y.bin'), async (temp) => {
      seen.push(temp);
      await writeFile(temp, 'y');
    }, { tmpDir: tmp });
    expect(path.dirname(seen[0])).toBe(tmp);
    // Host tag, pid and random digits: concurrent writers never share a temporary name.
    expect(path.basename(seen[0])).toMatch(new RegExp(`^y\\.bin\\.lv-[0-9a-f]{8}-${process.pid}-[0-9a-f]{12}\\.tmp$`));
    expect(await readFile(path.join(dir, 'out', 'y.bin'), 'utf8')).toBe('y');
    expect(await readdir(tmp)).toEqual([]);
  });

  it('gives two writes of one file two temporary names', async () => {
    const names: string[] = [];
    const file = path.join(dir, 'z.txt');
    await Promise.all(['1', '2'].map((text) => replaceAtomically(file, async (temp) => {
      names.push(temp);
      await writeFile(temp, text);
    })));
    expect(new Set(names).size).toBe(2);
    expect(['1', '2']).toContain(await readFile(file, 'utf8'));
    expect(await readdir(dir)).toEqual(['z.txt']);
  });

  it('keeps the old file and removes the temporary one when the write fails', async () => {
    const file = path.join(dir, 'keep.txt');
    await writeFileAtomic(file, 'old');
    await expect(replaceAtomically(file, async (temp) => {
      await writeFile(temp, 'half');
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['keep.txt']);
  });
});
