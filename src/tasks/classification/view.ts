import type { ClassificationGroundTruth } from '../../datasets/classification.js';
import { enlargeTo } from '../../media/enlarge.js';
import { round, type TaskView } from '../view.js';
import { drawClassification } from './draw.js';
import { className, type ClassificationPrediction } from './prediction.js';

/** Images are drawn at least this wide, so that the class list stays legible. */
const MIN_DRAWN_PX = 256;

/** The probability a prediction gives the class named `name` (0 when it is outside the top-k). */
function probabilityOf(p: ClassificationPrediction, name: string, categories?: ReadonlyMap<number, string>): number {
  return p.top.find((c) => className(c, categories) === name)?.score ?? 0;
}

export const classificationView: TaskView<ClassificationPrediction, ClassificationGroundTruth> = {
  fiftyone: (p, _size, o) => ({ label: p.top[0] ? { _cls: 'Classification', label: className(p.top[0], o?.categories), confidence: p.top[0].score } : { _cls: 'Classification' } }),
  fiftyoneTruth: (g) => ({ label: { _cls: 'Classification', label: g.name } }),
  // A 28 × 28 digit is enlarged first, or the class list over it could not be read.
  draw: async (image, p, o) => drawClassification(await enlargeTo(image, MIN_DRAWN_PX), p, { categories: o?.categories }),
  rows: (p, o) => p.top.map((c, i) => ({ rank: i + 1, class: className(c, o?.categories), score: round(c.score, 4) })),
  summary: (p, o) => (p.top[0] ? `top-1 ${className(p.top[0], o?.categories)} ${p.top[0].score.toFixed(2)}` : 'no class'),
  /**
   * A changed top-1 class counts more than any probability drop (score 1 + drop); otherwise the
   * drop of the class that mattered: the true class when labelled, else the pristine top-1.
   */
  damage(pristine, level, groundTruth, o) {
    const first = pristine.top[0];
    if (!first) return undefined;
    const before = className(first, o?.categories);
    const after = level.top[0] ? className(level.top[0], o?.categories) : '–';
    const judged = groundTruth?.name ?? before;
    const drop = probabilityOf(pristine, judged, o?.categories) - probabilityOf(level, judged, o?.categories);
    const what = `p(${judged}) ${probabilityOf(pristine, judged, o?.categories).toFixed(3)} → ${probabilityOf(level, judged, o?.categories).toFixed(3)}`;
    return after !== before
      ? { score: 1 + drop, why: `top-1 changed from ${before} to ${after}; ${what}` }
      : { score: drop, why: `top-1 kept (${before}); ${what}` };
  },
};
