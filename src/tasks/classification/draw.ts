import type { RgbImage } from '../../media/image.js';
import { escapeXml, overlaySvg } from '../../media/overlay-svg.js';
import { className, type ClassificationPrediction } from './prediction.js';

export interface DrawClassificationOptions {
  /** Class index → name when the model has no names; default the index. */
  categories?: ReadonlyMap<number, string>;
  /** Lines shown; default 5. */
  topK?: number;
}

/** The top-k classes with their scores, in a box at the top left of the image. */
export async function drawClassification(image: RgbImage, prediction: ClassificationPrediction, options: DrawClassificationOptions = {}): Promise<RgbImage> {
  const lines = prediction.top.slice(0, options.topK ?? 5).map((c) => `${className(c, options.categories)} ${c.score.toFixed(3)}`);
  if (lines.length === 0) return image;
  const font = Math.max(9, Math.round(Math.min(image.width, image.height) / 20));
  const width = Math.max(...lines.map((l) => l.length)) * font * 0.62 + font;
  const parts = [`<rect x="0" y="0" width="${width}" height="${lines.length * font * 1.3 + font * 0.4}" fill="#000" fill-opacity="0.6"/>`];
  lines.forEach((line, i) => {
    parts.push(`<text x="${font * 0.5}" y="${(i + 1) * font * 1.3}" font-family="sans-serif" font-size="${font}" fill="${i === 0 ? '#ffd700' : '#fff'}">${escapeXml(line)}</text>`);
  });
  return overlaySvg(image, parts.join(''));
}
