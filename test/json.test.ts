import { describe, expect, it } from 'vitest';
import { canonicalJson, infinityReplacer } from '../src/json.js';

describe('JSON helpers (src/json.ts)', () => {
  it('writes infinities as strings, where JSON.stringify would write null', () => {
    expect(JSON.stringify({ psnr: Infinity, low: -Infinity, nan: NaN, x: [1, Infinity] }, infinityReplacer)).toBe('{"psnr":"Infinity","low":"-Infinity","nan":null,"x":[1,"Infinity"]}');
  });

  it('gives equal objects one text whatever their key order, without undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"f":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});
