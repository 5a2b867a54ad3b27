/**
 * The public library API. The top level is the answer in a few calls — `sweep` with run's
 * defaults, `analyse` in memory, `verdictLines` to say it, `writeReport` to show it — and the
 * types they take. Everything else the CLI does lives in namespaces named after the domain
 * (`codecs`, `datasets`, `tasks`, `models`, `engine`, `report`, `retrain`, `video`, `media`,
 * `inspect`): `import { codecs } from 'lossyvision'; codecs.getImageCodec('jpeg')`.
 */
export { sweep, type SweepRequest } from './sweep/sweep.js';
export { SWEEP_DEFAULTS } from './sweep/defaults.js';
export { runSweep, type SweepResult, type SweepOptions, type SweepProgress } from './sweep/run.js';
export type { SweepConfig, Condition } from './sweep/plan.js';
export { storeResults, type StoredFiles } from './sweep/store.js';
export { analyse, type Analysis, type AnalysisOptions, type ModelAnalysis, type CodecAnalysis } from './report/analysis.js';
export { verdictLines, resultsVerdict } from './report/verdict.js';
export { writeReport, type ReportOptions, type ReportFiles } from './report/report.js';
export { loadResults, type LoadedResults } from './report/load.js';
export type { Tolerance } from './report/threshold.js';
export { compressFile, type CompressOptions, type CompressReport } from './codecs/compress.js';
export { inspectMedia, type Inspection, type InspectOptions } from './inspect/inspect.js';
export { runRetrainStudy, type RetrainStudyOptions, type RetrainStudyResult } from './retrain/study.js';
export { defineTask, type TaskDefinition } from './tasks/task.js';
export type { RgbImage } from './media/image.js';
export type { Metric, MetricValues } from './metrics/metric.js';
export type { ImageCodec, Codec, EncodeResult, LevelSpec } from './codecs/codec.js';
export type { Dataset, Sample } from './datasets/dataset.js';
export type { Model, TaskName } from './models/model.js';
export * from './errors.js';

export * as codecs from './api/codecs.js';
export * as datasets from './api/datasets.js';
export * as inspect from './api/inspect.js';
export * as media from './api/media.js';
export * as models from './api/models.js';
export * as report from './api/report.js';
export * as retrain from './api/retrain.js';
export * as engine from './api/engine.js';
export * as tasks from './api/tasks.js';
export * as video from './api/video.js';
