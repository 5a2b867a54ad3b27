import type { RgbImage } from '../../media/image.js';
import type { LabelMap } from './types.js';

export interface DrawSegmentationOptions {
  /** Share of the class colour in each painted pixel; default 0.5. */
  opacity?: number;
  /** Labels left unpainted; default 0 (background) and 255 (ignore). */
  unpainted?: readonly number[];
}

/** A stable, distinct colour per class (golden-angle hues, full saturation), as RGB bytes. */
export function classColour(label: number): [number, number, number] {
  const h = ((label * 137.508) % 360) / 60;
  const x = 1 - Math.abs((h % 2) - 1);
  const [r, g, b] = h < 1 ? [1, x, 0] : h < 2 ? [x, 1, 0] : h < 3 ? [0, 1, x] : h < 4 ? [0, x, 1] : h < 5 ? [x, 0, 1] : [1, 0, x];
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

/** The label map painted over its image, one colour per class; sizes must agree. */
export function drawSegmentation(image: RgbImage, labels: LabelMap, options: DrawSegmentationOptions = {}): RgbImage {
  if (labels.width !== image.width || labels.height !== image.height) {
    throw new RangeError(`label map is ${labels.width}×${labels.height} but the image is ${image.width}×${image.height}`);
  }
  const opacity = options.opacity ?? 0.5;
  const skip = new Set(options.unpainted ?? [0, 255]);
  const colours = new Map<number, [number, number, number]>();
  const data = Uint8Array.from(image.data);
  for (let i = 0; i < labels.data.length; i++) {
    const label = labels.data[i];
    if (skip.has(label)) continue;
    let colour = colours.get(label);
    if (!colour) colours.set(label, (colour = classColour(label)));
    for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.round(data[i * 3 + c] * (1 - opacity) + colour[c] * opacity);
  }
  return { width: image.width, height: image.height, data };
}
