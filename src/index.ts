/** The public library API: everything the CLI does is callable from here. */
export * from './errors.js';
export type { RgbImage } from './media/image.js';
export type { Metric, MetricValues } from './metrics/metric.js';
export type { ImageCodec, Codec, EncodeResult, LevelSpec } from './codecs/codec.js';
export type { Dataset, Sample } from './datasets/dataset.js';
export type { Model, TaskName } from './models/model.js';
