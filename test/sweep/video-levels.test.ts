import { describe, expect, it } from 'vitest';
import { formatCodecLevels, parseCodecLevels } from '../../src/codecs/levels.js';

// The level grammar takes video codecs' parameters from their ffmpeg implementations (src/video).
describe('level grammar for video codecs', () => {
  it('parses CRF levels with encoder parameters, defaults filled in', () => {
    const spec = parseCodecLevels('h264:23,30@preset=fast@gop=12');
    expect(spec).toEqual({ codec: 'h264', kind: 'video', levels: [23, 30], params: { rc: 'crf', preset: 'fast', gop: 12, bframes: 3, pixfmt: 'yuv420p' } });
    expect(formatCodecLevels(spec)).toBe('h264:23,30@preset=fast@gop=12');
    expect(parseCodecLevels('vp9:31@speed=8').params).toMatchObject({ speed: 8 });
    expect(parseCodecLevels('h265').levels).toEqual([28]);
  });

  it('reads levels as kbit/s under rc=bitrate, beyond the CRF range', () => {
    expect(parseCodecLevels('h264:500,2000@rc=bitrate').levels).toEqual([500, 2000]);
    expect(() => parseCodecLevels('h264:500')).toThrow('Expected integer between 0 and 51 for crf but received 500 of type number');
    expect(() => parseCodecLevels('h264:0@rc=bitrate')).toThrow(/for kbit\/s but received 0 of type number/);
  });

  it('names unknown parameters and bad values', () => {
    expect(() => parseCodecLevels('h264:23@speed=4')).toThrow(/Unknown h264 parameter "speed", expected one of: rc, preset, gop, bframes, pixfmt/);
    expect(() => parseCodecLevels('h264:23@preset=warp')).toThrow(/Expected one of ultrafast, .* for preset but received "warp"/);
  });
});
