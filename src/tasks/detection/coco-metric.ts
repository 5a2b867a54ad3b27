import { LossyvisionError } from '../../errors.js';
import type { Metric, MetricValues } from '../../metrics/metric.js';
import type { CocoAccumulation } from './coco-accumulate.js';
import { evaluateImage, type CocoDtEntry, type CocoGtEntry, type CocoSimilarity } from './coco-evaluate-image.js';
import { CocoEvaluation } from './coco-evaluation.js';
import type { CocoParams } from './coco-params.js';

/** One image's detections and ground truth, grouped by category as COCOeval evaluates them. */
export class CategoryGroups<Dt extends CocoDtEntry, Gt extends CocoGtEntry> {
  private readonly groups = new Map<number, { categoryId: number; detections: Dt[]; groundTruth: Gt[] }>();

  private group(categoryId: number): { categoryId: number; detections: Dt[]; groundTruth: Gt[] } {
    let g = this.groups.get(categoryId);
    if (!g) this.groups.set(categoryId, (g = { categoryId, detections: [], groundTruth: [] }));
    return g;
  }

  addDetection(categoryId: number, entry: Dt): void {
    this.group(categoryId).detections.push(entry);
  }

  addGroundTruth(categoryId: number, entry: Gt): void {
    this.group(categoryId).groundTruth.push(entry);
  }

  values(): { categoryId: number; detections: Dt[]; groundTruth: Gt[] }[] {
    return [...this.groups.values()];
  }
}

/**
 * What COCO bbox and keypoint metrics share: pycocotools' evaluate (per image, in `update`) →
 * accumulate → summarize, with state, merge and load delegated to one CocoEvaluation. Subclasses
 * only say how an image's entries are built and compared (IoU or OKS).
 */
export abstract class CocoImageMetric<P extends { imageId: number }, G extends { imageId: number }> implements Metric<P, G, MetricValues> {
  abstract readonly name: string;
  private readonly evaluation: CocoEvaluation;

  constructor(private readonly params: CocoParams) {
    this.evaluation = new CocoEvaluation(params);
  }

  abstract update(prediction: P, groundTruth: G): void;

  /** Evaluates one image's grouped entries; subclasses call it from `update`. */
  protected addImage<Dt extends CocoDtEntry, Gt extends CocoGtEntry>(
    prediction: P,
    groundTruth: G,
    groups: CategoryGroups<Dt, Gt>,
    similarity: CocoSimilarity<Dt, Gt>,
  ): void {
    if (prediction.imageId !== groundTruth.imageId) {
      throw new LossyvisionError('INVALID_ARGUMENT', `prediction for image ${prediction.imageId} was paired with ground truth of image ${groundTruth.imageId}`);
    }
    this.evaluation.add(evaluateImage(groundTruth.imageId, groups.values(), similarity, this.params));
  }

  merge(other: this): void {
    this.evaluation.merge(other.evaluation);
  }

  /** Precision and recall curves, for plots and per-category tables. */
  accumulate(): CocoAccumulation {
    return this.evaluation.accumulate();
  }

  /** The summary statistics in pycocotools' order; null where undefined. */
  compute(): MetricValues {
    return this.evaluation.summarize();
  }

  /** One summary statistic (`compute()[key]`) for less work; undefined for a key it does not have. */
  summaryValue(key: string): number | null | undefined {
    return this.evaluation.summaryValue(key);
  }

  state(): unknown {
    return this.evaluation.state();
  }

  load(state: unknown): void {
    this.evaluation.load(state);
  }
}
