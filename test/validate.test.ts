import { describe, expect, it } from 'vitest';
import { integerFlag, numberFlag } from '../src/validate.js';

describe('number flags (src/validate.ts)', () => {
  it('reads an integer flag, or nothing when it was not given', () => {
    expect(integerFlag('4', '--workers', 1)).toBe(4);
    expect(integerFlag(' 0 ', '--seed', 0)).toBe(0);
    expect(integerFlag(3, '--workers', 1)).toBe(3);
    expect(integerFlag(undefined, '--workers', 1)).toBeUndefined();
  });

  it('names the flag and what was expected, with numbers as numbers and other text as text', () => {
    expect(() => integerFlag('0', '--workers', 1)).toThrow('Expected integer of at least 1 for --workers but received 0 of type number');
    expect(() => integerFlag('abc', '--workers', 1)).toThrow('Expected integer of at least 1 for --workers but received "abc" of type string');
    expect(() => integerFlag('1.5', '--seed', 0)).toThrow('Expected integer of at least 0 for --seed but received 1.5 of type number');
    expect(() => integerFlag('', '--max-files', 1)).toThrow('Expected integer of at least 1 for --max-files but received "" of type string');
    expect(() => integerFlag('-1', '--samples', 0)).toThrow('Expected integer of at least 0 for --samples but received -1 of type number');
  });

  it('refuses integers beyond exact doubles and non-finite numbers', () => {
    expect(() => integerFlag('1e300', '--max-pixels', 1)).toThrow('for --max-pixels but received 1e+300 of type number');
    expect(() => integerFlag('Infinity', '--workers', 1)).toThrow('for --workers but received Infinity of type number');
    expect(() => numberFlag('Infinity', '--lr', 'positive number', (v) => v > 0)).toThrow('Expected positive number for --lr but received Infinity of type number');
  });

  it('reads a number flag checked by its rule', () => {
    expect(numberFlag('0.5', '--tolerance', 'number of at least 0', (v) => v >= 0)).toBe(0.5);
    expect(() => numberFlag('-0.1', '--tolerance', 'number of at least 0', (v) => v >= 0)).toThrow('Expected number of at least 0 for --tolerance but received -0.1 of type number');
    expect(() => numberFlag('x', '--pck-alpha', 'positive number', (v) => v > 0)).toThrow('Expected positive number for --pck-alpha but received "x" of type string');
  });
});
