import { round, type TaskView } from '../view.js';
import { drawSegmentation } from './draw.js';
import type { LabelMap } from './types.js';

/** Background and the ignore label: what drawing leaves unpainted and a hit does not count. */
const isForeground = (label: number): boolean => label !== 0 && label !== 255;

function foregroundShare(labels: LabelMap): number {
  let n = 0;
  for (let i = 0; i < labels.data.length; i++) if (isForeground(labels.data[i])) n++;
  return labels.data.length ? n / labels.data.length : 0;
}

export const segmentationView: TaskView<LabelMap> = {
  draw: async (image, labels) => drawSegmentation(image, labels),
  rows: (labels) => {
    const counts = new Map<number, number>();
    for (let i = 0; i < labels.data.length; i++) counts.set(labels.data[i], (counts.get(labels.data[i]) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a - b).map(([label, pixels]) => ({ label, pixels, share: round(pixels / labels.data.length, 4) }));
  },
  summary: (labels) => `foreground ${(100 * foregroundShare(labels)).toFixed(1)} %`,
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
