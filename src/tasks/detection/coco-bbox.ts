import type { Direction, MetricValues } from '../../metrics/metric.js';
import type { CocoDtEntry, CocoGtEntry } from './coco-evaluate-image.js';
import { CategoryGroups, CocoImageMetric } from './coco-metric.js';
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
export class CocoBboxMetric extends CocoImageMetric<DetectionPrediction, DetectionGroundTruth> {
  readonly name = 'coco-bbox';

  constructor() {
    super(COCO_BBOX_PARAMS);
  }

  update(prediction: DetectionPrediction, groundTruth: DetectionGroundTruth): void {
    const groups = new CategoryGroups<BoxDt, BoxGt>();
    for (const o of groundTruth.objects) {
      groups.addGroundTruth(o.categoryId, { id: o.id, area: o.area, iscrowd: o.iscrowd, ignore: o.iscrowd, bbox: o.bbox });
    }
    for (const d of prediction.detections) {
      groups.addDetection(d.categoryId, { score: d.score, area: d.bbox[2] * d.bbox[3], bbox: d.bbox });
    }
    const iou = (dts: readonly BoxDt[], gts: readonly BoxGt[]) =>
      boxIou(
        dts.map((d) => d.bbox),
        gts.map((g) => g.bbox),
        gts.map((g) => g.iscrowd),
      );
    this.addImage(prediction, groundTruth, groups, iou);
  }
}

/** One-shot COCO bbox evaluation of paired predictions and ground truth. */
export function evaluateCocoBbox(pairs: Iterable<[DetectionPrediction, DetectionGroundTruth]>): MetricValues {
  const metric = new CocoBboxMetric();
  for (const [prediction, groundTruth] of pairs) metric.update(prediction, groundTruth);
  return metric.compute();
}
