import { sharpCodec } from './sharp-codec.js';
import { QUALITY } from './quality.js';

/** Lossy WebP (VP8 intra frame, always 4:2:0), libwebp quality 1–100. */
export const webp = sharpCodec({
  id: 'webp',
  description: 'WebP lossy (VP8, 4:2:0), libwebp quality 1–100',
  extension: 'webp',
  lossless: false,
  level: QUALITY,
  params: [
    {
      name: 'effort',
      description: 'libwebp method, 0 (fastest) to 6 (smallest files)',
      type: 'integer',
      min: 0,
      max: 6,
      default: 4,
    },
  ],
  libraries: ['webp'],
  configure: (pipeline, quality, params) =>
    pipeline.webp({ quality, effort: Number(params.effort), lossless: false, nearLossless: false, smartSubsample: false }),
});
