import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestingBeyond, parseJsonText, readJsonFile } from '../../../src/datasets/coco/json.js';

/** The depth scan as first written: one character at a time, a flag for "inside a string". */
function reference(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return undefined;
}

const texts = [
  '{"a": "x[y\\"]", "b": [[1, 2], {"c": [3]}]}',
  '["\\\\", [[["]"]]]]',
  '{"k": "\\"[[[", "l": [[]]}',
  '"[[[[',
  '[[[',
  '{"café ☕ [": [["ü", {"ß": [1.5e3]}]]}',
  '[' + '[1, "]]", '.repeat(20) + ']'.repeat(20) + ']',
];

describe('JSON depth limit', () => {
  it.each(texts)('finds the same first too-deep bracket in text and in UTF-8 bytes as the plain scan: %s', (text) => {
    const bytes = new TextEncoder().encode(text);
    for (let limit = 0; limit <= 25; limit++) {
      const expected = reference(text, limit);
      expect(nestingBeyond(text, limit)).toBe(expected);
      // In bytes the offset differs only by the multi-byte characters before it.
      const inBytes = nestingBeyond(bytes, limit);
      expect(inBytes).toBe(expected === undefined ? undefined : new TextEncoder().encode(text.slice(0, expected)).length);
    }
  });

  it('finds the same bracket whatever the bytes\' alignment, with numbers, letters and non-ASCII around it', () => {
    const text = `{"k": [${'[12.5,-3e4,'.repeat(9)}"]]é[{", true, null]${']'.repeat(9)}, "ü": [{"a": [[0]]}]}`;
    const encoded = new TextEncoder().encode(text);
    for (let shift = 0; shift < 8; shift++) {
      // A copy at byte offset `shift` of a larger buffer, as Buffer's pool hands out small files.
      const bytes = new Uint8Array(encoded.length + 8).subarray(shift, shift + encoded.length);
      bytes.set(encoded);
      for (let limit = 0; limit <= 14; limit++) {
        const expected = reference(text, limit);
        expect(nestingBeyond(bytes, limit)).toBe(expected === undefined ? undefined : new TextEncoder().encode(text.slice(0, expected)).length);
      }
    }
  });

  it('refuses a too-deep file with the line of the offending bracket, from a file and from text', async () => {
    const deep = `{\n"a": ${'['.repeat(MAX_JSON_DEPTH + 4)}${']'.repeat(MAX_JSON_DEPTH + 4)}}`;
    const message = `Expected JSON nested at most ${MAX_JSON_DEPTH} levels deep but it goes deeper at line 2, column ${5 + MAX_JSON_DEPTH}`; // level 1 is the "{" of line 1
    expect(() => parseJsonText(deep, 'deep.json')).toThrow(message);
    const file = join(mkdtempSync(join(tmpdir(), 'lv-json-')), 'deep.json');
    writeFileSync(file, deep);
    await expect(readJsonFile(file)).rejects.toThrow(message);
    writeFileSync(file, '{"ok": [[1], "]]]"]}');
    await expect(readJsonFile(file)).resolves.toEqual({ ok: [[1], ']]]'] });
  });
});
