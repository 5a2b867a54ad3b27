import { escapeXml, overlaySvg } from '../../media/overlay-svg.js';
import { plural, round, type ImageSize, type TaskView, type ViewOptions } from '../view.js';
import { COCO_CATEGORY_NAMES } from './coco-category-names.js';
import { boxIou } from './coco-iou.js';
import { drawDetections } from './draw.js';
import { detectionsOf, type Detection, type DetectionGroundTruth, type DetectionPrediction } from './types.js';

/** A box "survives" compression when a same-class box overlaps it this much (PASCAL's match rule). */
const MATCH_IOU = 0.5;

/** Detections named in a caption; the drawing shows them all. */
const LISTED = 8;

const confident = (p: readonly Detection[] | DetectionPrediction, threshold = 0): Detection[] => detectionsOf(p).filter((d) => d.score >= threshold);

/** Detections of `a` with no same-class box of `b` at IoU ≥ 0.5. */
function unmatchedOf(a: readonly Detection[], b: readonly Detection[]): Detection[] {
  if (b.length === 0) return [...a];
  const iou = boxIou(a.map((d) => d.bbox), b.map((d) => d.bbox), b.map(() => false));
  return a.filter((d, i) => !b.some((k, j) => k.categoryId === d.categoryId && iou[i * b.length + j] >= MATCH_IOU));
}

const unmatched = (a: readonly Detection[], b: readonly Detection[]): number => unmatchedOf(a, b).length;

/** Boxes of one kind in the difference view, with their label. */
function boxes(list: readonly Detection[], colour: string, dashed: boolean, stroke: number, font: number, names: ReadonlyMap<number, string>): string {
  return list
    .map((d) => {
      const [x, y, w, h] = d.bbox;
      const label = escapeXml(names.get(d.categoryId) ?? String(d.categoryId));
      return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="${colour}" stroke-width="${stroke}"${dashed ? ` stroke-dasharray="${3 * stroke},${2 * stroke}"` : ''}/>` +
        `<text x="${x + stroke}" y="${y + font}" font-family="sans-serif" font-size="${font}" fill="${colour}" stroke="#000" stroke-width="0.5">${label}</text>`;
    })
    .join('');
}

/** COCO pixels [x, y, w, h] → FiftyOne's relative [x, y, w, h]. */
const relative = ([x, y, w, h]: readonly number[], size: ImageSize): number[] => [x / size.width, y / size.height, w / size.width, h / size.height];

/** The dataset's name, else COCO's (a labelled subset names only its own categories), else the id. */
const nameOf = (id: number, o?: ViewOptions): string => o?.categories?.get(id) ?? COCO_CATEGORY_NAMES.get(id) ?? String(id);

export const detectionView: TaskView<readonly Detection[] | DetectionPrediction, DetectionGroundTruth> = {
  fiftyone: (p, size, o) => ({
    label: {
      _cls: 'Detections',
      detections: detectionsOf(p).map((d) => ({ _cls: 'Detection', label: nameOf(d.categoryId, o), bounding_box: relative(d.bbox, size), confidence: d.score })),
    },
  }),
  fiftyoneTruth: (g, size, o) => ({
    label: {
      _cls: 'Detections',
      detections: g.objects.map((d) => ({ _cls: 'Detection', label: nameOf(d.categoryId, o), bounding_box: relative(d.bbox, size), iscrowd: d.iscrowd ? 1 : 0 })),
    },
  }),
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
  /** Over the level's image: pristine boxes lost or moved (no same-class box at IoU ≥ 0.5) red dashed, new boxes orange, kept boxes thin green. */
  async difference(image, pristine, level, o) {
    const before = confident(pristine, o?.scoreThreshold);
    const after = confident(level, o?.scoreThreshold);
    const lost = unmatchedOf(before, after);
    const added = unmatchedOf(after, before);
    const kept = after.filter((d) => !added.includes(d));
    const stroke = Math.max(2, Math.round(Math.min(image.width, image.height) / 200));
    const font = Math.max(10, Math.round(Math.min(image.width, image.height) / 32));
    const names = o?.categories ?? COCO_CATEGORY_NAMES;
    const svg = boxes(kept, '#00c040', false, Math.max(1, stroke / 2), font, names) + boxes(added, '#ff9800', false, stroke, font, names) + boxes(lost, '#ff1744', true, stroke, font, names);
    return {
      image: svg ? await overlaySvg(image, svg) : image,
      legend: `red dashed: ${plural(lost.length, 'pristine box', 'pristine boxes')} lost or moved (IoU < ${MATCH_IOU}); orange: ${added.length} new; green: ${kept.length} kept`,
    };
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
