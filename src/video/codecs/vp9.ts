import type { CodecParams } from '../../codecs/params.js';
import { videoCodecSpecs } from '../../codecs/video-specs.js';
import { ivf } from '../bitstream.js';
import type { VideoCodec } from '../codec.js';
import { gopParam, pixelFormatParam, rateControlParam, speedParam } from '../codec-params.js';
import { rateControlArgs } from './rate-control.js';

const spec = videoCodecSpecs.get('vp9')!;

/**
 * VP9 through libvpx-vp9 in IVF. CRF is libvpx's constant-quality mode (-crf with -b:v 0);
 * a constant quantiser pins qmin = qmax. VP9 has no B-frames (it uses hidden alt-ref frames).
 */
export const vp9: VideoCodec = {
  id: 'vp9',
  kind: 'video',
  description: spec.description,
  level: spec.level,
  params: [rateControlParam, speedParam('libvpx -cpu-used with -deadline good: 0 slowest and best … 8 fastest', 8, 4), gopParam, pixelFormatParam],
  encoders: ['libvpx-vp9'],
  streamCodec: 'vp9',
  bitstream: ivf,
  outputArgs(_encoder: string, level: number, params: CodecParams): string[] {
    return [
      '-deadline',
      'good',
      '-cpu-used',
      String(params.speed),
      '-row-mt',
      '1',
      '-g',
      String(params.gop),
      ...rateControlArgs(params.rc, level, {
        crf: ['-crf', String(level), '-b:v', '0'],
        qp: ['-crf', String(level), '-qmin', String(level), '-qmax', String(level), '-b:v', '0'],
      }),
    ];
  },
};
