/** lossyvision's `codecs` namespace: Image codecs (JPEG, mozjpeg, WebP, AVIF, PNG, intra H.264), their levels, parameters and presets, and one-file compression. */
export type { ImageCodec, Codec, EncodeResult, LevelSpec } from '../codecs/codec.js';
export { imageCodecs, intraCodecs, getImageCodec, codecIds } from '../codecs/registry.js';
export { videoCodecSpecs, type VideoCodecSpec } from '../codecs/video-specs.js';
export { parseCodecLevels, formatCodecLevels, presetLevels, presets, levelSpecOf, type CodecLevels } from '../codecs/levels.js';
export { validateLevel, describeLevel } from '../codecs/level.js';
export { resolveParams, type CodecParam, type CodecParams, type ParamValue } from '../codecs/params.js';
export { compressFile, type CompressOptions, type CompressReport } from '../codecs/compress.js';
export { codecCatalogue, type CodecCatalogue, type CodecEntry } from '../codecs/catalogue.js';
