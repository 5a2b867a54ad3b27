import type { RgbImage } from '../../media/image.js';
import { sideBySide } from '../../media/side-by-side.js';
import { round, type TaskView } from '../view.js';
import { depthOfPrediction, median } from './align.js';
import { drawDepth } from './draw.js';
import type { DepthPrediction } from './prediction.js';

/** δ₁'s ratio bound (Eigen et al.). */
const DELTA1 = 1.25;

export const depthView: TaskView<DepthPrediction> = {
  // The image and its depth colour map side by side: a colour map over the photo hides both.
  draw: (image: RgbImage, p) => sideBySide(image, drawDepth(depthOfPrediction(p))),
  rows: (d) => {
    const values = Array.from(d.data).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    const at = (q: number): number | null => (values.length ? round(values[Math.min(values.length - 1, Math.floor(q * values.length))], 4) : null);
    return [{ output: d.output, alignment: d.alignment, width: d.width, height: d.height, min: at(0), median: at(0.5), max: at(1) }];
  },
  summary: (d) => `${d.output} depth ${d.width}×${d.height}`,
  /**
   * The level's depth against the pristine depth taken as truth, median-scaled first (relative
   * depth is known only up to scale): abs rel is the score, δ₁ said beside it.
   */
  damage(pristine, level) {
    if (pristine.width !== level.width || pristine.height !== level.height) return { score: Infinity, why: `depth map size changed from ${pristine.width}×${pristine.height} to ${level.width}×${level.height}` };
    const truth = depthOfPrediction(pristine).data;
    const guess = depthOfPrediction(level).data;
    const valid: number[] = [];
    for (let i = 0; i < truth.length; i++) if (truth[i] > 0 && guess[i] > 0) valid.push(i);
    if (valid.length === 0) return undefined;
    const scale = median(valid.map((i) => truth[i])) / median(valid.map((i) => guess[i]));
    let absRel = 0;
    let delta1 = 0;
    for (const i of valid) {
      const g = guess[i] * scale;
      absRel += Math.abs(g - truth[i]) / truth[i];
      if (Math.max(g / truth[i], truth[i] / g) < DELTA1) delta1++;
    }
    absRel /= valid.length;
    return { score: absRel, why: `abs rel ${absRel.toFixed(4)}, δ₁ ${(delta1 / valid.length).toFixed(3)} against the pristine depth (median-scaled)` };
  },
};
