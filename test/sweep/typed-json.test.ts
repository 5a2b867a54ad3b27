import { describe, expect, it } from 'vitest';
import { typedReplacer, typedReviver } from '../../src/sweep/typed-json.js';

describe('typed JSON', () => {
  it('round-trips typed arrays bit for bit, even views into a larger buffer', () => {
    const floats = new Float32Array([0.1, -2.5e-8, Infinity, NaN]);
    const big = new Uint8Array([9, 1, 2, 3, 9]);
    const value = { labels: big.subarray(1, 4), depth: floats, wide: new Uint16Array([65535]), plain: [1, 2] };
    const back = JSON.parse(JSON.stringify(value, typedReplacer), typedReviver) as typeof value;
    expect(back.labels).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.labels)).toEqual([1, 2, 3]);
    expect(back.depth).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(back.depth.buffer)).toEqual(new Uint8Array(floats.buffer));
    expect(Array.from(back.wide)).toEqual([65535]);
    expect(back.plain).toEqual([1, 2]);
  });
});
