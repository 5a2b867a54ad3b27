import { sharpChroma, chromaParam, sharpCodec } from './sharp-codec.js';
import { QUALITY } from './quality.js';

/**
 * JPEG with mozjpeg's encoder settings: trellis quantisation, overshoot deringing, progressive
 * optimised scans and its own default quantisation table (index 3, tuned for MS-SSIM) instead
 * of the IJG one. Quality is still 1–100 but scales different tables, so mozjpeg q50 is not
 * IJG q50: compare the two by bpp, not by quality number. Decodable by any JPEG decoder.
 */
export const mozjpeg = sharpCodec({
  id: 'mozjpeg',
  description: 'JPEG via mozjpeg (trellis, progressive, its own tables): quality 1–100 is NOT the IJG scale',
  extension: 'jpg',
  otherExtensions: ['jpeg'],
  lossless: false,
  level: QUALITY,
  params: [chromaParam('420', 'chroma subsampling: 420 (default) or 444')],
  libraries: ['mozjpeg'],
  configure: (pipeline, quality, params) =>
    pipeline.jpeg({ quality, chromaSubsampling: sharpChroma(params.chroma), mozjpeg: true }),
});
