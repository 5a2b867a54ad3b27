import type { CodecParams } from '../../codecs/params.js';
import { videoCodecSpecs } from '../../codecs/video-specs.js';
import { ivf } from '../bitstream.js';
import type { VideoCodec } from '../codec.js';
import { gopParam, pixelFormatParam, rateControlParam, speedParam } from '../codec-params.js';
import { rateControlArgs } from './rate-control.js';

const spec = videoCodecSpecs.get('av1')!;

/** Per encoder: how speed, CRF and QP are spelled. SVT-AV1 is preferred (far faster than libaom). */
const ENCODER_ARGS: ReadonlyMap<string, (level: number, params: CodecParams) => string[]> = new Map([
  [
    'libsvtav1',
    (level: number, params: CodecParams) => [
      '-preset',
      String(params.speed),
      '-g',
      String(params.gop),
      ...rateControlArgs(params.rc, level, { crf: ['-crf', String(level)], qp: ['-qp', String(level)] }),
    ],
  ],
  [
    'libaom-av1',
    (level: number, params: CodecParams) => [
      // ffmpeg before 4.2 marks libaom experimental; the flag is harmless after.
      '-strict',
      'experimental',
      '-cpu-used',
      String(params.speed),
      '-g',
      String(params.gop),
      ...rateControlArgs(params.rc, level, {
        crf: ['-crf', String(level), '-b:v', '0'],
        qp: ['-crf', String(level), '-qmin', String(level), '-qmax', String(level), '-b:v', '0'],
      }),
    ],
  ],
]);

/** AV1 through SVT-AV1 or libaom, whichever the ffmpeg has, in IVF. */
export const av1: VideoCodec = {
  id: 'av1',
  kind: 'video',
  description: spec.description,
  level: spec.level,
  params: [
    rateControlParam,
    speedParam('libaom -cpu-used (0 slowest … 8 fastest) or SVT-AV1 -preset (0 … 8 here)', 8, 6),
    gopParam,
    pixelFormatParam,
  ],
  encoders: [...ENCODER_ARGS.keys()],
  streamCodec: 'av1',
  bitstream: ivf,
  outputArgs(encoder: string, level: number, params: CodecParams): string[] {
    return ENCODER_ARGS.get(encoder)!(level, params);
  },
};
