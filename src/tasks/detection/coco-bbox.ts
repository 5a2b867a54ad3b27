import { LossyvisionError } from '../../errors.js';
import type { Direction, Metric, MetricValues } from '../../metrics/metric.js';
import type { CocoAccumulation } from './coco-accumulate.js';
import { evaluateImage, type CocoCategoryGroup, type CocoDtEntry, type CocoGtEntry } from './coco-evaluate-image.js';
import { CocoEvaluation } from './coco-evaluation.js';
import { boxIou } from './coco-iou.js';
import { COCO_BBOX_PARAMS } from './coco-params.js';
import type { Box, DetectionGroundTruth, DetectionPrediction } from './types.js';

/** The 12 statistics of pycocotools' bbox summary, in its order. */
export const COCO_BBOX_KEYS = COCO_BBOX_PARAMS.summary.map((s) => s.key);

export const COCO_BBOX_DIRECTION: Direction = 'higher';

interface BoxDt extends CocoDtEntry {
  bbox: Box;
}
interface BoxGt extends CocoGtEntry {
  bbox: Box;
}

/**
 * COCO box AP/AR, identical to pycocotools' `COCOeval(iouType='bbox')` over the same images.
 * A detection's area is w·h of its box (what `loadRes` sets); ground truth uses its `area` field.
 * Images never passed to `update` are not part of the evaluation.
 */
export class CocoBboxMetric implements Metric<DetectionPrediction, DetectionGroundTruth, MetricValues> {
  readonly name = 'coco-bbox';
  private readonly evaluation = new CocoEvaluation(COCO_BBOX_PARAMS);

  update(prediction: DetectionPrediction, groundTruth: DetectionGroundTruth): void {
    if (prediction.imageId !== groundTruth.imageId) {
      throw new LossyvisionError('INVALID_ARGUMENT', `prediction for image ${prediction.imageId} was paired with ground truth of image ${groundTruth.imageId}`);
    }
    const groups = new Map<number, CocoCategoryGroup<BoxDt, BoxGt> & { detections: BoxDt[]; groundTruth: BoxGt[] }>();
    const group = (categoryId: number) => {
      let g = groups.get(categoryId);
      if (!g) groups.set(categoryId, (g = { categoryId, detections: [], groundTruth: [] }));
      return g;
    };
    for (const o of groundTruth.objects) {
      group(o.categoryId).groundTruth.push({ id: o.id, area: o.area, iscrowd: o.iscrowd, ignore: o.iscrowd, bbox: o.bbox });
    }
    for (const d of prediction.detections) {
      group(d.categoryId).detections.push({ score: d.score, area: d.bbox[2] * d.bbox[3], bbox: d.bbox });
    }
    const iou = (dts: readonly BoxDt[], gts: readonly BoxGt[]) =>
      boxIou(
        dts.map((d) => d.bbox),
        gts.map((g) => g.bbox),
        gts.map((g) => g.iscrowd),
      );
    this.evaluation.add(evaluateImage(groundTruth.imageId, [...groups.values()], iou, COCO_BBOX_PARAMS));
  }

  merge(other: CocoBboxMetric): void {
    this.evaluation.merge(other.evaluation);
  }

  /** Precision and recall curves, for plots and per-category tables. */
  accumulate(): CocoAccumulation {
    return this.evaluation.accumulate();
  }

  /** AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl; null where undefined. */
  compute(): MetricValues {
    return this.evaluation.summarize();
  }

  state(): unknown {
    return this.evaluation.state();
  }

  load(state: unknown): void {
    this.evaluation.load(state);
  }
}

/** One-shot COCO bbox evaluation of paired predictions and ground truth. */
export function evaluateCocoBbox(pairs: Iterable<[DetectionPrediction, DetectionGroundTruth]>): MetricValues {
  const metric = new CocoBboxMetric();
  for (const [prediction, groundTruth] of pairs) metric.update(prediction, groundTruth);
  return metric.compute();
}
