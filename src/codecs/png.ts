import { sharpCodec } from './sharp-codec.js';

/**
 * Lossless PNG, the reference row of every sweep: decoded pixels equal the input (PSNR = ∞,
 * SSIM = 1). Its level is zlib's compression level 0–9, which changes only the file size;
 * palette quantisation stays off, since it would make PNG lossy.
 */
export const png = sharpCodec({
  id: 'png',
  description: 'PNG, lossless reference; level = zlib compression level 0–9 (size only, pixels unchanged)',
  extension: 'png',
  lossless: true,
  level: { name: 'compression', min: 0, max: 9, integer: true, mostCompressed: 'max', default: 6 },
  params: [],
  libraries: ['png', 'zlib-ng'],
  configure: (pipeline, compressionLevel) =>
    pipeline.png({ compressionLevel, palette: false, adaptiveFiltering: false, progressive: false }),
});
