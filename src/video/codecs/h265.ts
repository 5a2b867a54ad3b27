import type { CodecParams } from '../../codecs/params.js';
import { videoCodecSpecs } from '../../codecs/video-specs.js';
import { annexB } from '../bitstream.js';
import type { VideoCodec } from '../codec.js';
import { bframesParam, gopParam, pixelFormatParam, rateControlParam, x26xPresetParam } from '../codec-params.js';
import { rateControlArgs } from './rate-control.js';

const spec = videoCodecSpecs.get('h265')!;

/**
 * H.265/HEVC through libx265, written as an Annex B byte stream. GOP, B-frames and QP go
 * through -x265-params, which every ffmpeg version passes on (older ones lack -qp for x265).
 */
export const h265: VideoCodec = {
  id: 'h265',
  kind: 'video',
  description: spec.description,
  level: spec.level,
  params: [rateControlParam, x26xPresetParam, gopParam, bframesParam(4), pixelFormatParam],
  encoders: ['libx265'],
  streamCodec: 'hevc',
  bitstream: annexB('hevc', 'hevc'),
  outputArgs(_encoder: string, level: number, params: CodecParams): string[] {
    const x265 = [`keyint=${params.gop}`, `bframes=${params.bframes}`, 'log-level=error'];
    if (params.rc === 'qp') x265.push(`qp=${level}`);
    return [
      '-preset',
      String(params.preset),
      ...rateControlArgs(params.rc, level, { crf: ['-crf', String(level)], qp: [] }),
      '-x265-params',
      x265.join(':'),
    ];
  },
};
