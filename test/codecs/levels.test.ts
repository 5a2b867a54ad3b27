import { describe, expect, it } from 'vitest';
import { LossyvisionError } from '../../src/errors.js';
import { formatCodecLevels, parseCodecLevels, presetLevels } from '../../src/codecs/levels.js';

const levelsOf = (text: string): readonly number[] => parseCodecLevels(text).levels;

describe('level grammar', () => {
  it('parses lists, ranges and both together', () => {
    expect(parseCodecLevels('jpeg:95,75,50,15,10,5')).toEqual({
      codec: 'jpeg',
      kind: 'image',
      levels: [95, 75, 50, 15, 10, 5],
      params: { chroma: '420' },
    });
    expect(levelsOf('jpeg:5..95/5')).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95]);
    expect(levelsOf('webp:90..10/20')).toEqual([90, 70, 50, 30, 10]);
    expect(levelsOf('jpeg:5..12/5')).toEqual([5, 10]);
    expect(levelsOf('jpeg:1..3')).toEqual([1, 2, 3]);
    expect(levelsOf('jpeg:95, 10..20/10, 10')).toEqual([95, 10, 20]);
    expect(levelsOf(' JPEG:50 ')).toEqual([50]);
  });

  it('knows video codecs and their CRF ranges', () => {
    expect(parseCodecLevels('h264:23,25,30,40,50')).toMatchObject({ codec: 'h264', kind: 'video', levels: [23, 25, 30, 40, 50] });
    expect(levelsOf('vp9:63')).toEqual([63]);
    expect(() => parseCodecLevels('h264:99')).toThrow('Expected integer between 0 and 51 for crf but received 99 of type number');
    expect(() => parseCodecLevels('h265:52')).toThrow('Expected integer between 0 and 51 for crf but received 52 of type number');
    expect(() => parseCodecLevels('av1:64')).toThrow('Expected integer between 0 and 63 for crf but received 64 of type number');
  });

  it('rejects levels outside the range with the exact sharp-style message', () => {
    expect(() => parseCodecLevels('jpeg:0')).toThrow(new LossyvisionError('INVALID_ARGUMENT', 'Expected integer between 1 and 100 for quality but received 0 of type number'));
    expect(() => parseCodecLevels('jpeg:101')).toThrow('Expected integer between 1 and 100 for quality but received 101 of type number');
    expect(() => parseCodecLevels('jpeg:0..50/5')).toThrow('Expected integer between 1 and 100 for quality but received 0 of type number');
    expect(() => parseCodecLevels('jpeg:abc')).toThrow('Expected integer between 1 and 100 for quality but received "abc" of type string');
    expect(() => parseCodecLevels('jpeg:10.5')).toThrow('Expected integer between 1 and 100 for quality but received 10.5 of type number');
    expect(() => parseCodecLevels('jpeg:5..95/0')).toThrow('Expected positive integer for quality step but received 0 of type number');
    expect(() => parseCodecLevels('jpeg:')).toThrow('Expected levels after "jpeg:" (quality, integer between 1 and 100)');
  });

  it('names the codecs it knows when given an unknown one', () => {
    expect(() => parseCodecLevels('x:5')).toThrow('Unknown codec "x", expected one of: jpeg, mozjpeg, webp, avif, png, h264, h265, vp9, av1');
  });

  it('takes parameters after @, validates them and fills defaults', () => {
    expect(parseCodecLevels('jpeg:10@chroma=444').params).toEqual({ chroma: '444' });
    expect(parseCodecLevels('avif:30,60@effort=4@chroma=4:4:4').params).toEqual({ effort: 4, chroma: '444' });
    expect(() => parseCodecLevels('jpeg:10@quality=3')).toThrow('Unknown jpeg parameter "quality", expected one of: chroma');
    expect(() => parseCodecLevels('webp:10@effort=7')).toThrow('Expected integer between 0 and 6 for effort but received 7 of type number');
    expect(() => parseCodecLevels('png@level=3')).toThrow('Codec "png" takes no parameters, received "level"');
    expect(() => parseCodecLevels('jpeg:10@444')).toThrow('Expected name=value after "@" in "jpeg:10@444" but received "444"');
  });

  it('uses the default level when none is given', () => {
    expect(levelsOf('png')).toEqual([6]);
    expect(levelsOf('h264')).toEqual([23]);
  });

  it('formats a parsed spec back to canonical text', () => {
    expect(formatCodecLevels(parseCodecLevels('jpeg:5..15/5@chroma=4:4:4'))).toBe('jpeg:5,10,15@chroma=444');
    expect(formatCodecLevels(parseCodecLevels('avif:50@effort=2'))).toBe('avif:50');
  });
});

describe('presets', () => {
  it('paper: JPEG 95…5 and H.264 CRF 23…50 (Poyser et al. 2020)', () => {
    const [j, h] = presetLevels('paper');
    expect(j).toMatchObject({ codec: 'jpeg', levels: [95, 75, 50, 15, 10, 5] });
    expect(h).toMatchObject({ codec: 'h264', levels: [23, 25, 30, 40, 50] });
  });

  it('imagenet-c: JPEG 25, 18, 15, 10, 7', () => {
    expect(presetLevels('imagenet-c')).toEqual([{ codec: 'jpeg', kind: 'image', levels: [25, 18, 15, 10, 7], params: { chroma: '420' } }]);
  });

  it('refuses unknown presets', () => {
    expect(() => presetLevels('icpr')).toThrow('Unknown preset "icpr", expected one of: paper, imagenet-c');
  });
});
