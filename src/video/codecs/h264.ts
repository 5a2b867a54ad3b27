import type { CodecParams } from '../../codecs/params.js';
import { videoCodecSpecs } from '../../codecs/video-specs.js';
import { annexB } from '../bitstream.js';
import type { VideoCodec } from '../codec.js';
import { bframesParam, gopParam, pixelFormatParam, rateControlParam, x26xPresetParam } from '../codec-params.js';
import { rateControlArgs } from './rate-control.js';

const spec = videoCodecSpecs.get('h264')!;

/** H.264/AVC through libx264, written as an Annex B byte stream. */
export const h264: VideoCodec = {
  id: 'h264',
  kind: 'video',
  description: spec.description,
  level: spec.level,
  params: [rateControlParam, x26xPresetParam, gopParam, bframesParam(3), pixelFormatParam],
  encoders: ['libx264'],
  streamCodec: 'h264',
  bitstream: annexB('h264', 'h264'),
  outputArgs(_encoder: string, level: number, params: CodecParams): string[] {
    return [
      '-preset',
      String(params.preset),
      '-g',
      String(params.gop),
      '-bf',
      String(params.bframes),
      ...rateControlArgs(params.rc, level, { crf: ['-crf', String(level)], qp: ['-qp', String(level)] }),
    ];
  },
};
