/** lossyvision's `retrain` namespace: Retraining on compressed data: training, the reference architectures, the study and its tables, exports. */
export { initTrainingBackend, type TrainingBackendInfo } from '../retrain/backend.js';
export { registerWasmTrainingKernels, missingKernelConfigs, replacementKernelConfigs, type RegisterOptions } from '../retrain/kernels/index.js';
export { trainClassifier, trainModel, top1, type TrainClassifierOptions, type TrainClassifierResult, type TrainOptions, type TrainResult } from '../retrain/train.js';
export type { RetrainTask, TrainingSet } from '../retrain/task.js';
export { loadSegmentedImages, type SegmentedImages } from '../retrain/segmentation-data.js';
export { meanIoU } from '../retrain/tasks/segmentation.js';
export { runRetrainStudy, REFERENCE_CLASSIFIER, REFERENCE_SEGMENTER, CONTROL, type RetrainStudyOptions, type RetrainStudyResult, type ControlArm, type RecoveryRow } from '../retrain/study.js';
export { formatRecoveryTables, formatMatrix } from '../retrain/table.js';
export { checkRetrainedOf, markRetrainedOf } from '../retrain/retrained-of.js';
export { loadModel as loadRetrainSweepModel, type RetrainSweepOptions } from '../retrain/sweep-models.js';
export { recovery as recoveryFigures, relativeGain, gapClosed, type Recovery as RecoveryFigures } from '../retrain/recovery.js';
export { trainingLevels, randomLevels, type Augmentation } from '../retrain/augment.js';
export { buildReferenceClassifier } from '../retrain/architectures/classifier.js';
export { buildReferenceSegmenter, type SegmenterShape, type SegnetOptions } from '../retrain/architectures/segnet.js';
export { exportCompressedDataset, type ExportResult, type ImageExportResult, type VideoExportResult } from '../retrain/export.js';
