import type { CodecParam } from '../codecs/params.js';

/**
 * Parameters every video codec takes. Defaults are chosen to be each encoder's usual ones
 * where they agree, and are recorded with every result.
 */
export const rateControlParam: CodecParam = {
  name: 'rc',
  description: 'rate control: crf (the level is a CRF), qp (a constant quantiser), bitrate (the level is a target in kbit/s)',
  type: 'enum',
  values: ['crf', 'qp', 'bitrate'],
  default: 'crf',
};

export const gopParam: CodecParam = {
  name: 'gop',
  description: 'maximum frames between key frames (x264 and x265 default 250)',
  type: 'integer',
  min: 1,
  max: 10_000,
  default: 250,
};

export const pixelFormatParam: CodecParam = {
  name: 'pixfmt',
  description: 'pixel format the encoder codes: yuv420p (what cameras and the web use) or yuv444p',
  type: 'enum',
  values: ['yuv420p', 'yuv444p'],
  aliases: new Map([
    ['420', 'yuv420p'],
    ['444', 'yuv444p'],
  ]),
  default: 'yuv420p',
};

/** x264/x265 speed presets, fastest first. */
export const X26X_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow', 'placebo'];

export const x26xPresetParam: CodecParam = {
  name: 'preset',
  description: 'encoder speed preset; slower presets spend more time for fewer bytes at the same quality',
  type: 'enum',
  values: X26X_PRESETS,
  default: 'medium',
};

export function bframesParam(defaultCount: number): CodecParam {
  return {
    name: 'bframes',
    description: 'maximum consecutive B-frames',
    type: 'integer',
    min: 0,
    max: 16,
    default: defaultCount,
  };
}

export function speedParam(description: string, max: number, defaultSpeed: number): CodecParam {
  return { name: 'speed', description, type: 'integer', min: 0, max, default: defaultSpeed };
}
