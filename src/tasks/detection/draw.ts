import type { RgbImage } from '../../media/image.js';
import { escapeXml, overlaySvg } from '../../media/overlay-svg.js';
import { COCO_CATEGORY_NAMES } from './coco-category-names.js';
import type { Detection } from './types.js';

export interface DrawDetectionsOptions {
  /** Category id → name for labels; default COCO's. */
  categories?: ReadonlyMap<number, string>;
  /** Detections scoring below this are not drawn; default 0 (all). */
  scoreThreshold?: number;
}

/** A stable, distinct colour per category id (golden-angle hues). */
function categoryColour(id: number): string {
  return `hsl(${Math.round((id * 137.508) % 360)}, 90%, 50%)`;
}

/** Boxes with "name score" labels over the image; ground truth works too (score 1). */
export async function drawDetections(image: RgbImage, detections: readonly (Detection | (Omit<Detection, 'score'> & { score?: number }))[], options: DrawDetectionsOptions = {}): Promise<RgbImage> {
  const names = options.categories ?? COCO_CATEGORY_NAMES;
  const threshold = options.scoreThreshold ?? 0;
  const stroke = Math.max(2, Math.round(Math.min(image.width, image.height) / 200));
  const font = Math.max(10, Math.round(Math.min(image.width, image.height) / 32));
  const parts: string[] = [];
  for (const d of detections) {
    const score = d.score ?? 1;
    if (score < threshold) continue;
    const [x, y, w, h] = d.bbox;
    const colour = categoryColour(d.categoryId);
    const label = escapeXml(`${names.get(d.categoryId) ?? String(d.categoryId)}${d.score === undefined ? '' : ` ${score.toFixed(2)}`}`);
    // The label sits above the box, or inside its top edge when the box touches the image top.
    const labelY = y - font * 1.2 >= 0 ? y - font * 1.2 : y;
    parts.push(
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>`,
      `<rect x="${x}" y="${labelY}" width="${font * 0.62 * label.length + font * 0.4}" height="${font * 1.2}" fill="${colour}"/>`,
      `<text x="${x + font * 0.2}" y="${labelY + font}" font-family="sans-serif" font-size="${font}" fill="#000">${label}</text>`,
    );
  }
  return parts.length === 0 ? image : overlaySvg(image, parts.join(''));
}
