/** lossyvision's `inspect` namespace: What a file already is: JPEG quality (IJG), subsampling, video GOPs. */
export { inspectMedia, evenlySpaced, type Inspection, type FileInspection, type InspectOptions } from '../inspect/inspect.js';
export { inspectImageBytes, type ImageInspection } from '../inspect/image-file.js';
export { inspectVideoFile, type VideoInspection, type GopInspection } from '../inspect/video-file.js';
export { ijgQuality, scaledTable, qualityScaling, ANNEX_K_LUMINANCE, ANNEX_K_CHROMINANCE, type IjgQuality } from '../inspect/ijg-quality.js';
export { readJpegHeaders, type JpegHeaders, type JpegComponent, type QuantTable } from '../inspect/jpeg-markers.js';
export { chromaSubsampling } from '../inspect/subsampling.js';
export { summarise as summariseInspection, type InspectionSummary, type Spread } from '../inspect/summary.js';
