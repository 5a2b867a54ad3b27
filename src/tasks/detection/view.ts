import { plural, round, type TaskView } from '../view.js';
import { COCO_CATEGORY_NAMES } from './coco-category-names.js';
import { boxIou } from './coco-iou.js';
import { drawDetections } from './draw.js';
import { detectionsOf, type Detection, type DetectionPrediction } from './types.js';

/** A box "survives" compression when a same-class box overlaps it this much (PASCAL's match rule). */
const MATCH_IOU = 0.5;

/** Detections named in a caption; the drawing shows them all. */
const LISTED = 8;

const confident = (p: readonly Detection[] | DetectionPrediction, threshold = 0): Detection[] => detectionsOf(p).filter((d) => d.score >= threshold);

/** Detections of `a` with no same-class box of `b` at IoU ≥ 0.5. */
function unmatched(a: readonly Detection[], b: readonly Detection[]): number {
  if (b.length === 0) return a.length;
  const iou = boxIou(a.map((d) => d.bbox), b.map((d) => d.bbox), b.map(() => false));
  return a.filter((d, i) => !b.some((k, j) => k.categoryId === d.categoryId && iou[i * b.length + j] >= MATCH_IOU)).length;
}

export const detectionView: TaskView<readonly Detection[] | DetectionPrediction> = {
  draw: (image, p, o) => drawDetections(image, detectionsOf(p), { categories: o?.categories, scoreThreshold: o?.scoreThreshold }),
  rows: (p, o) =>
    detectionsOf(p).map((d) => ({
      category: (o?.categories ?? COCO_CATEGORY_NAMES).get(d.categoryId) ?? String(d.categoryId),
      score: round(d.score, 3), x: round(d.bbox[0], 1), y: round(d.bbox[1], 1), w: round(d.bbox[2], 1), h: round(d.bbox[3], 1),
    })),
  summary: (p, o) => {
    const shown = confident(p, o?.scoreThreshold);
    const names = shown.slice(0, LISTED).map((d) => `${(o?.categories ?? COCO_CATEGORY_NAMES).get(d.categoryId) ?? d.categoryId} ${d.score.toFixed(2)}`);
    return `${plural(shown.length, 'detection')}${names.length ? `: ${names.join(', ')}${shown.length > LISTED ? ', …' : ''}` : ''}`;
  },
  damage(pristine, level, _groundTruth, o) {
    const before = confident(pristine, o?.scoreThreshold);
    const after = confident(level, o?.scoreThreshold);
    const lost = unmatched(before, after);
    const added = unmatched(after, before);
    if (before.length === 0 && added === 0) return undefined;
    return {
      score: (lost + added) / (before.length + added),
      why: `${lost} of ${plural(before.length, 'confident pristine detection')} lost or moved (IoU < ${MATCH_IOU})${added ? `, ${added} new` : ''}`,
    };
  },
};
