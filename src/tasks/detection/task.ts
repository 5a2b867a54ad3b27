import type { MetricValues } from '../../metrics/metric.js';
import { scoreThresholdOption } from '../options.js';
import { defineTask, type TaskDeclaration, type DatasetInfo, type MetricBinding } from '../task.js';
import { CocoBboxMetric } from './coco-bbox.js';
import { cocoPerClass } from './coco-per-class.js';
import { repeatCocoImages } from './coco-repeat.js';
import { evalCocoDetection } from './eval-coco.js';
import { evalVoc } from './eval-voc.js';
import { referenceGroundTruth } from './reference.js';
import { detectionsOf, type Detection, type DetectionGroundTruth, type DetectionPrediction } from './types.js';
import { VocDetectionMetric, type VocResult } from './voc-metric.js';
import { detectionView } from './view.js';

function checkDetections(prediction: unknown): string | undefined {
  const list = Array.isArray(prediction) ? prediction : (prediction as Partial<DetectionPrediction> | undefined)?.detections;
  if (!Array.isArray(list)) return 'expected an array of detections';
  for (const [i, d] of (list as Detection[]).entries()) {
    const ok =
      d && Number.isFinite(d.score) && Number.isInteger(d.categoryId) && Array.isArray(d.bbox) &&
      d.bbox.length === 4 && d.bbox.every((v) => Number.isFinite(v));
    if (!ok) return `detection ${i}: expected { categoryId: integer, bbox: [x, y, w, h] finite, score: finite }`;
  }
  return undefined;
}

/** COCO box AP everywhere (the study's headline numbers); VOC data also gets its own VOC07 mAP. */
function detectionMetrics(dataset: DatasetInfo): MetricBinding[] {
  const bindings: MetricBinding[] = [
    {
      metric: new CocoBboxMetric(),
      values: (r) => r as MetricValues,
      value: (m, name) => (m as CocoBboxMetric).summaryValue(name) ?? null,
      orderFree: true,
      columns: ['AP', 'AP50', 'AP75'],
      headline: 'AP',
      repeat: repeatCocoImages,
      perClass: (m) => cocoPerClass(m as CocoBboxMetric, dataset.categories),
    },
  ];
  if (dataset.format === 'voc' && dataset.categories) {
    bindings.push({ metric: new VocDetectionMetric('voc07', dataset.categories), values: (r) => ({ mAP: (r as VocResult).mAP }), columns: ['mAP'], headline: 'mAP' });
  }
  return bindings;
}

/**
 * Object detection: COCO box AP (pycocotools-identical), VOC mAP on VOC data; reference mode
 * makes the pristine detections above the threshold the ground truth. User models are picked
 * by their config's `format` from the detector families (models/adapters/registry.ts).
 */
export const detection: TaskDeclaration<'detection'> = defineTask({
  id: 'detection',
  metrics: (dataset) => detectionMetrics(dataset),
  referenceGroundTruth: (pristine, sample, threshold) => referenceGroundTruth({ imageId: sample.imageId, detections: detectionsOf(pristine) }, sample, threshold),
  imageId: (groundTruth) => (groundTruth as DetectionGroundTruth).imageId,
  bind: (prediction, imageId): DetectionPrediction => ({ imageId, detections: detectionsOf(prediction) }),
  view: detectionView,
  checkPrediction: checkDetections,
  options: [scoreThresholdOption],
  adapters: {
    layers: async (spec, layers) => (await import('../../models/adapters/layers-detector.js')).layersDetectorModel(spec, layers),
  },
  eval: { protocols: { coco: evalCocoDetection, voc07: evalVoc, voc12: evalVoc }, default: 'coco' },
  retrain: async () => (await import('../../retrain/tasks/detection.js')).detectionRetrainTask,
});
