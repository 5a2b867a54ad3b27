import type { RgbImage } from '../../media/image.js';
import { sideBySide } from '../../media/side-by-side.js';
import { round, type TaskView } from '../view.js';
import { depthOfPrediction, median } from './align.js';
import { drawDepth, turbo } from './draw.js';
import type { DepthPrediction } from './prediction.js';

/** The relative depth change drawn at full colour in the difference view. */
const ERROR_FULL_SCALE = 0.25;

/** δ₁'s ratio bound (Eigen et al.). */
const DELTA1 = 1.25;

export const depthView: TaskView<DepthPrediction> = {
  /** The raw map as FiftyOne's Heatmap: 8-bit over its finite range, which `range` gives back. */
  fiftyone: (d) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of d.data) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    if (lo === Infinity) [lo, hi] = [0, 0];
    const span = hi - lo || 1;
    const data = Uint8Array.from(d.data, (v) => (Number.isFinite(v) ? Math.round((255 * (v - lo)) / span) : 0));
    return { label: { _cls: 'Heatmap', range: [lo, hi], output: d.output }, raster: { width: d.width, height: d.height, data, field: 'map_path' } };
  },
  // The image and its depth colour map side by side: a colour map over the photo hides both.
  draw: (image: RgbImage, p) => sideBySide(image, drawDepth(depthOfPrediction(p))),
  rows: (d) => {
    const values = Array.from(d.data).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    const at = (q: number): number | null => (values.length ? round(values[Math.min(values.length - 1, Math.floor(q * values.length))], 4) : null);
    return [{ output: d.output, alignment: d.alignment, width: d.width, height: d.height, min: at(0), median: at(0.5), max: at(1) }];
  },
  summary: (d) => `${d.output} depth ${d.width}×${d.height}`,
  /** The level's image beside the per-pixel error of its depth against the pristine depth (median-scaled): |d − d₀| / d₀ in Turbo, dark blue 0 to dark red ≥ 0.25, black without depth. */
  async difference(image, pristine, level) {
    if (pristine.width !== level.width || pristine.height !== level.height) throw new RangeError(`depth map size changed from ${pristine.width}×${pristine.height} to ${level.width}×${level.height}`);
    const truth = depthOfPrediction(pristine).data;
    const guess = depthOfPrediction(level).data;
    const valid: number[] = [];
    for (let i = 0; i < truth.length; i++) if (truth[i] > 0 && guess[i] > 0) valid.push(i);
    const scale = valid.length ? median(valid.map((i) => truth[i])) / median(valid.map((i) => guess[i])) : 1;
    const data = new Uint8Array(3 * truth.length);
    let large = 0;
    for (const i of valid) {
      const rel = Math.abs(guess[i] * scale - truth[i]) / truth[i];
      if (rel >= ERROR_FULL_SCALE) large++;
      data.set(turbo(Math.min(1, rel / ERROR_FULL_SCALE)), 3 * i);
    }
    return {
      image: await sideBySide(image, { width: level.width, height: level.height, data }),
      legend: `right: relative depth change against pristine (median-scaled), dark blue none to dark red ≥ ${ERROR_FULL_SCALE}, black no depth; ${valid.length ? ((100 * large) / valid.length).toFixed(1) : '0'} % of valid pixels changed by ≥ ${ERROR_FULL_SCALE * 100} %`,
    };
  },
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
