/** The public library API: everything the CLI does is callable from here. */
export * from './errors.js';
export type { RgbImage } from './media/image.js';
export type { Metric, MetricValues } from './metrics/metric.js';
export type { ImageCodec, Codec, EncodeResult, LevelSpec } from './codecs/codec.js';
export type { Dataset, Sample } from './datasets/dataset.js';
export type { Model, TaskName } from './models/model.js';
export { decodeImage, readImageFile, type DecodeOptions } from './media/decode.js';
export { sourceFormat, type SourceFormat } from './media/source-format.js';
export { psnr } from './fidelity/psnr.js';
export { ssim, ssimPlanes } from './fidelity/ssim.js';
export { luma } from './fidelity/luma.js';
export { imageCodecs, getImageCodec, codecIds } from './codecs/registry.js';
export { videoCodecSpecs, type VideoCodecSpec } from './codecs/video-specs.js';
export { parseCodecLevels, formatCodecLevels, presetLevels, presets, levelSpecOf, type CodecLevels } from './codecs/levels.js';
export { validateLevel, describeLevel } from './codecs/level.js';
export { resolveParams, type CodecParam, type CodecParams, type ParamValue } from './codecs/params.js';
export { compressFile, type CompressOptions, type CompressReport } from './codecs/compress.js';
export { codecCatalogue, type CodecCatalogue, type CodecEntry } from './codecs/catalogue.js';
export { decodeScalarPng, readScalarPng, encodeGrayPng, type ScalarPng } from './media/png16.js';
export { pairPngFolders, type PngPair } from './media/png-pairs.js';
export { vocAveragePrecision, vocIou, toVocBox, fromVocBox, matchImage, VOC_AP, type VocBox, type VocProtocol } from './tasks/detection/voc-ap.js';
export { VocDetectionMetric, evaluateVoc, type VocResult } from './tasks/detection/voc-metric.js';
export { evaluateVocFiles, type VocFiles } from './tasks/detection/voc-evaluate-files.js';
export { SegmentationMetric } from './tasks/segmentation/metric.js';
export { addToConfusion, segmentationScores, evaluateSegmentation } from './tasks/segmentation/confusion.js';
export { evaluateSegmentationFolders, type SegmentationFolders } from './tasks/segmentation/evaluate-folders.js';
export type { LabelMap, SegmentationOptions, SegmentationResult } from './tasks/segmentation/types.js';
export { DepthMetric, evaluateDepth } from './tasks/depth/metric.js';
export { depthErrors, depthSums } from './tasks/depth/eigen.js';
export { DEPTH_CROPS, cropWindow } from './tasks/depth/crop.js';
export { readDepthPng } from './tasks/depth/read.js';
export { evaluateDepthFolders, type DepthFolders } from './tasks/depth/evaluate-folders.js';
export { DEPTH_MEASURES, type DepthMap, type DepthCrop, type DepthOptions, type DepthResult, type DepthErrors } from './tasks/depth/types.js';
export { ClassificationMetric, evaluateClassification, type ClassificationResult, type RankedLabels } from './tasks/classification/metric.js';
export { readClassificationLabels, readClassificationPredictions } from './tasks/classification/files.js';
export { evaluateClassificationFiles } from './tasks/classification/evaluate-files.js';
export { loadModel, listZooModels, type LoadModelOptions, type DetectionModel } from './models/load.js';
export type { Runtime, Tensor, TensorInfo } from './models/runtimes/runtime.js';
export { loadOnnxRuntime, type OnnxRuntimeOptions } from './models/runtimes/onnx.js';
export { loadTfjsRuntime, tfjsBackend, type TfjsBackendName, type TfjsRuntimeOptions } from './models/runtimes/tfjs.js';
export { parseDetectorConfig, readDetectorConfig, detectorConfigSchema, type DetectorConfig, type DetectorFormat } from './models/adapters/detector-config.js';
export type { Adapter, PreparedInput } from './models/adapters/adapter.js';
export { COCO80_TO_COCO91 } from './models/coco-classes.js';
export { resolveInside } from './datasets/paths.js';
export {
  loadCocoGroundTruth,
  parseCocoGroundTruth,
  detectionGroundTruth,
  poseGroundTruth,
  type CocoGroundTruth,
  type CocoImageInfo,
  type CocoCategoryInfo,
  type CocoAnnotation,
} from './datasets/coco/annotations.js';
export { loadCocoDetections, parseCocoDetections, loadCocoKeypointResults, parseCocoKeypointResults } from './datasets/coco/results.js';
export { CocoBboxMetric, evaluateCocoBbox, COCO_BBOX_KEYS } from './tasks/detection/coco-bbox.js';
export { CocoKeypointsMetric, evaluateCocoKeypoints, COCO_KEYPOINTS_KEYS, personArea, type CocoKeypointsOptions } from './tasks/pose/coco-keypoints.js';
export { COCO_KEYPOINT_SIGMAS, keypointOks } from './tasks/pose/oks.js';
export { COCO_BBOX_PARAMS, COCO_KEYPOINTS_PARAMS, type CocoParams, type AreaRange, type SummaryStat } from './tasks/detection/coco-params.js';
export { CocoEvaluation, type CocoEvaluationState } from './tasks/detection/coco-evaluation.js';
export { evaluateImage, type CocoImageEvaluation } from './tasks/detection/coco-evaluate-image.js';
export { accumulate as accumulateCoco, summarize as summarizeCoco, type CocoAccumulation } from './tasks/detection/coco-accumulate.js';
export { boxIou } from './tasks/detection/coco-iou.js';
export { evaluateCocoDetectionFiles, type CocoFilesReport } from './tasks/detection/coco-evaluate-files.js';
export { evaluateCocoKeypointFiles } from './tasks/pose/coco-evaluate-files.js';
export { openDataset, type OpenDatasetOptions } from './datasets/open.js';
export { DATASET_FORMATS, type DatasetFormat } from './datasets/registry.js';
export { BUILTIN_DATASETS } from './datasets/builtin.js';
export { openCoco, findCocoAnnotations, cocoImageFolders, type CocoDataset, type CocoOptions } from './datasets/coco.js';
export { openVoc, type VocDataset, type VocOptions } from './datasets/voc.js';
export { parseVocAnnotation, type VocAnnotation, type VocObject } from './datasets/voc/annotations.js';
export { VOC_CLASSES, VOC_SEGMENTATION_CLASSES } from './datasets/voc/classes.js';
export { openFolder } from './datasets/folder.js';
export { openClassFolders } from './datasets/class-folders.js';
export { openLabelList, type LabelListOptions } from './datasets/label-list.js';
export type { ClassificationDataset, ClassificationGroundTruth } from './datasets/classification.js';
export { openMaskFolder, readLabelMap, MASK_LAYOUTS, type MaskFolderDataset, type MaskFolderOptions, type SegmentationGroundTruth } from './datasets/mask-folder.js';
export { MASK_LABELLINGS, type MaskLabelling } from './datasets/mask-presets.js';
export { openDepthFolder, readDepthMap, DEPTH_LAYOUTS, DEPTH_SCALES, type DepthFolderDataset, type DepthFolderOptions, type DepthGroundTruth } from './datasets/depth-folder.js';
export { parseNpy, encodeNpyFloat32, type NpyArray } from './datasets/npy.js';
export { openFashionMnist, FASHION_MNIST_CLASSES, FASHION_MNIST_SPLITS } from './datasets/fashion-mnist.js';
export { fileSample, type LazyGroundTruth } from './datasets/sample.js';
export { initTrainingBackend, type TrainingBackendInfo } from './retrain/backend.js';
export { registerWasmTrainingKernels, missingKernelConfigs, replacementKernelConfigs, type RegisterOptions } from './retrain/kernels/index.js';
export { runSweep, type SweepResult, type SweepOptions, type SweepProgress, type SweepStats } from './sweep/run.js';
export { planCells, conditionLabel, PRISTINE, type SweepConfig, type Condition, type Cell } from './sweep/plan.js';
export { storeResults, runId, type StoredFiles } from './sweep/store.js';
export { studyTable, tableMarkdown, tableCsv, tableJson, type StudyTable, type StudyRow } from './sweep/table.js';
export { SweepCache, type BitstreamRecord, type SampleRecord } from './sweep/cache.js';
export { sampleOrder } from './sweep/order.js';
export { defaultWorkers } from './sweep/defaults.js';
export type { CellResult, SampleFailure } from './sweep/accumulate.js';
export type { Provenance } from './sweep/provenance.js';
export { tasks, getTask, type TaskDefinition, type MetricBinding } from './tasks/registry.js';
export { referenceGroundTruth, REFERENCE_NOTE } from './tasks/detection/reference.js';
