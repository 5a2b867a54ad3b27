import { sharpChroma, chromaParam, sharpCodec } from './sharp-codec.js';
import { QUALITY } from './quality.js';

/**
 * Baseline JPEG with the IJG quantisation tables scaled by quality 1–100, the scale the
 * literature (and Pillow, and libjpeg's cjpeg) uses. sharp's prebuilt libvips links mozjpeg's
 * libjpeg-turbo-compatible library; with mozjpeg=false it runs libjpeg-turbo's defaults
 * (standard tables, no trellis), and optimiseCoding gives optimised Huffman tables, like
 * Pillow's `optimize=True`. Chroma is subsampled 4:2:0 at every quality unless chroma=444.
 */
export const jpeg = sharpCodec({
  id: 'jpeg',
  description: 'JPEG, IJG quality 1–100 (libjpeg-turbo tables, Huffman-optimised), chroma 4:2:0 or 4:4:4',
  extension: 'jpg',
  otherExtensions: ['jpeg'],
  lossless: false,
  level: QUALITY,
  params: [chromaParam('420', 'chroma subsampling: 420 (default, as cameras and Pillow) or 444')],
  libraries: ['mozjpeg', 'libjpeg-turbo', 'jpeg'],
  configure: (pipeline, quality, params) =>
    pipeline.jpeg({
      quality,
      chromaSubsampling: sharpChroma(params.chroma),
      optimiseCoding: true,
      mozjpeg: false,
      progressive: false,
      trellisQuantisation: false,
      overshootDeringing: false,
      optimiseScans: false,
      quantisationTable: 0,
    }),
});
