import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readInputFile, readInputText } from '../../src/media/input-file.js';
import { DEFAULT_MAX_PIXELS, maxPixels, setMaxPixels } from '../../src/media/limits.js';
import { decodeScalarPng, encodeGrayPng } from '../../src/media/png16.js';

const dir = mkdtempSync(join(tmpdir(), 'lv-input-file-'));

describe('readInputFile', () => {
  it('reads a regular file, and refuses a FIFO, a link to /dev/zero and a folder without blocking, saying what they are', async () => {
    writeFileSync(join(dir, 'a.txt'), 'hello');
    expect(await readInputText(join(dir, 'a.txt'), { what: 'a text file' })).toBe('hello');
    execFileSync('mkfifo', [join(dir, 'pipe.png')]);
    symlinkSync('/dev/zero', join(dir, 'zero.png'));
    mkdirSync(join(dir, 'folder.png'));
    await expect(readInputFile(join(dir, 'pipe.png'), { what: 'an image file' })).rejects.toThrow(
      `${join(dir, 'pipe.png')}: Expected an image file (a regular file) but it is a FIFO (named pipe); only regular files are read`,
    );
    await expect(readInputFile(join(dir, 'zero.png'), { what: 'an image file' })).rejects.toThrow('but it is a character device; only regular files are read');
    await expect(readInputFile(join(dir, 'folder.png'), { what: 'an image file' })).rejects.toThrow('Expected an image file but it is a folder');
    await expect(readInputFile(join(dir, 'none.png'), { what: 'an image file' })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('refuses a file over the size cap before reading it', async () => {
    writeFileSync(join(dir, 'big.json'), 'x'.repeat(101));
    await expect(readInputFile(join(dir, 'big.json'), { what: 'a JSON file', maxBytes: 100 })).rejects.toThrow(
      'Expected a JSON file of at most 100 bytes (the file size limit) but it is 101 bytes',
    );
  });
});

describe('the pixel limit', () => {
  afterEach(() => setMaxPixels(undefined));

  it('defaults to 100 megapixels, is set by --max-pixels and passed to workers through the environment', () => {
    expect(maxPixels()).toBe(DEFAULT_MAX_PIXELS);
    setMaxPixels(12);
    expect(maxPixels()).toBe(12);
    expect(process.env.LOSSYVISION_MAX_PIXELS).toBe('12');
    expect(() => setMaxPixels(0)).toThrow('Expected integer of at least 1 for --max-pixels but received 0 of type number');
  });

  it('refuses a label PNG by its header, before inflating', () => {
    const png = encodeGrayPng(4, 4, 8, new Array(16).fill(1));
    expect(decodeScalarPng(png, 'm.png').data).toHaveLength(16);
    setMaxPixels(15);
    expect(() => decodeScalarPng(png, 'm.png')).toThrow('m.png: Expected an image of at most 15 pixels (--max-pixels) but its header says 4×4 = 16');
  });
});
