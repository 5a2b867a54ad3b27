import { round, type FiftyOneLabel, type TaskView } from '../view.js';
import { classColour, drawSegmentation } from './draw.js';
import type { LabelMap } from './types.js';

/** Background and the ignore label: what drawing leaves unpainted and a hit does not count. */
const isForeground = (label: number): boolean => label !== 0 && label !== 255;

function foregroundShare(labels: LabelMap): number {
  let n = 0;
  for (let i = 0; i < labels.data.length; i++) if (isForeground(labels.data[i])) n++;
  return labels.data.length ? n / labels.data.length : 0;
}

/** Class indices as an 8-bit mask, FiftyOne's Segmentation (index 255, VOC's ignore label, stays 255). */
const maskOf = (labels: LabelMap): FiftyOneLabel => ({
  label: { _cls: 'Segmentation' },
  raster: { width: labels.width, height: labels.height, data: Uint8Array.from(labels.data, (v) => Math.min(255, Math.max(0, v))), field: 'mask_path' },
});

export const segmentationView: TaskView<LabelMap, LabelMap> = {
  fiftyone: maskOf,
  fiftyoneTruth: maskOf,
  draw: async (image, labels) => drawSegmentation(image, labels),
  rows: (labels) => {
    const counts = new Map<number, number>();
    for (let i = 0; i < labels.data.length; i++) counts.set(labels.data[i], (counts.get(labels.data[i]) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a - b).map(([label, pixels]) => ({ label, pixels, share: round(pixels / labels.data.length, 4) }));
  },
  summary: (labels) => `foreground ${(100 * foregroundShare(labels)).toFixed(1)} %`,
  /** Over the level's image, darkened: every pixel whose class flipped painted in the class it flipped to (white where it became background or ignored). */
  async difference(image, pristine, level) {
    if (pristine.width !== level.width || pristine.height !== level.height || level.width !== image.width || level.height !== image.height) {
      throw new RangeError(`label maps ${pristine.width}×${pristine.height} and ${level.width}×${level.height} do not both cover the ${image.width}×${image.height} image`);
    }
    const data = Uint8Array.from(image.data, (v) => Math.round(v * 0.35));
    let flipped = 0;
    for (let i = 0; i < level.data.length; i++) {
      if (pristine.data[i] === level.data[i]) continue;
      flipped++;
      const colour = isForeground(level.data[i]) ? classColour(level.data[i]) : [255, 255, 255];
      for (let c = 0; c < 3; c++) data[3 * i + c] = colour[c];
    }
    const share = level.data.length ? flipped / level.data.length : 0;
    return {
      image: { width: image.width, height: image.height, data },
      legend: `${flipped} pixels (${(100 * share).toFixed(2)} %) changed class, painted in the class they became (white: became background); the rest darkened`,
    };
  },
  /** Foreground agreement: of the pixels either map calls foreground, the share whose label changed. */
  damage(pristine, level) {
    if (pristine.width !== level.width || pristine.height !== level.height) return { score: 1, why: `label map size changed from ${pristine.width}×${pristine.height} to ${level.width}×${level.height}` };
    let before = 0;
    let union = 0;
    let changed = 0;
    for (let i = 0; i < pristine.data.length; i++) {
      const a = pristine.data[i];
      const b = level.data[i];
      if (isForeground(a)) before++;
      if (!isForeground(a) && !isForeground(b)) continue;
      union++;
      if (a !== b) changed++;
    }
    if (before === 0) return undefined;
    const share = changed / union;
    return { score: share, why: `${(100 * share).toFixed(1)} % of foreground pixels changed label (foreground agreement ${(1 - share).toFixed(3)})` };
  },
};
