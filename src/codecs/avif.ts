import { sharpChroma, chromaParam, sharpCodec } from './sharp-codec.js';
import { QUALITY } from './quality.js';

/**
 * AVIF (AV1 intra frame via libheif + libaom), quality 1–100, 8-bit. The default effort is 2:
 * measured on astronaut.png (512×512, one thread) effort 2 took 105–160 ms and gave files
 * within 4 % of effort 4, which took 0.7–1.7 s (sharp's default, too slow for sweeps).
 * Chroma defaults to 4:2:0 like jpeg and webp, so codecs are compared on equal footing.
 */
export const avif = sharpCodec({
  id: 'avif',
  description: 'AVIF (AV1 via libaom), quality 1–100, 8-bit, effort 0–9 (default 2, fast)',
  extension: 'avif',
  lossless: false,
  level: QUALITY,
  params: [
    {
      name: 'effort',
      description: 'libaom speed trade-off, 0 (fastest) to 9 (slowest, smallest)',
      type: 'integer',
      min: 0,
      max: 9,
      default: 2,
    },
    chromaParam('420', 'chroma subsampling: 420 (default) or 444'),
  ],
  libraries: ['aom', 'heif'],
  configure: (pipeline, quality, params) =>
    pipeline.avif({
      quality,
      effort: Number(params.effort),
      chromaSubsampling: sharpChroma(params.chroma),
      bitdepth: 8,
      lossless: false,
    }),
});
