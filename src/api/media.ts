/** lossyvision's `media` namespace: Decoding and encoding images, PNG helpers, and the fidelity measures (PSNR, SSIM, luma). */
export type { RgbImage } from '../media/image.js';
export { decodeImage, readImageFile, type DecodeOptions } from '../media/decode.js';
export { sourceFormat, type SourceFormat } from '../media/source-format.js';
export { psnr } from '../fidelity/psnr.js';
export { ssim, ssimPlanes } from '../fidelity/ssim.js';
export { luma } from '../fidelity/luma.js';
export { decodeScalarPng, readScalarPng, encodeGrayPng, type ScalarPng } from '../media/png16.js';
export { pairPngFolders, type PngPair } from '../media/png-pairs.js';
export { encodePng, writePng } from '../media/encode-png.js';
export { overlaySvg, escapeXml } from '../media/overlay-svg.js';
