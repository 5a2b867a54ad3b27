import { enlargeTo } from '../../media/enlarge.js';
import { drawClassification } from '../classification/draw.js';
import type { ClassificationPrediction } from '../classification/prediction.js';
import { round, type TaskView } from '../view.js';
import { rankClasses } from './clips.js';
import type { ActionGroundTruth } from './types.js';

/** One stream's video-level class scores (ActionPrediction.streams[stream]); class names come as `categories`. */
export type ActionScores = readonly number[];

/** Frames are drawn at least this wide, so that the class list over a small clip stays legible. */
const MIN_DRAWN_PX = 256;

const TOP_K = 5;

function ranked(scores: ActionScores, categories?: ReadonlyMap<number, string>): ClassificationPrediction {
  return { top: rankClasses(scores).slice(0, TOP_K).map((index) => ({ index, label: categories?.get(index), score: scores[index] })) };
}

const nameOf = (index: number, categories?: ReadonlyMap<number, string>): string => categories?.get(index) ?? String(index);

/** A clip's frame with the video's top classes listed over it; the damage is classification's, on the full score vector. */
export const actionView: TaskView<ActionScores, ActionGroundTruth> = {
  draw: async (frame, scores, o) => drawClassification(await enlargeTo(frame, MIN_DRAWN_PX), ranked(scores, o?.categories)),
  rows: (scores, o) => ranked(scores, o?.categories).top.map((c, i) => ({ rank: i + 1, class: nameOf(c.index, o?.categories), score: round(c.score, 4) })),
  summary: (scores, o) => {
    const [best] = rankClasses(scores);
    return best === undefined ? 'no class' : `top-1 ${nameOf(best, o?.categories)} ${scores[best].toFixed(2)}`;
  },
  damage(pristine, level, groundTruth, o) {
    const [before] = rankClasses(pristine);
    const [after] = rankClasses(level);
    if (before === undefined) return undefined;
    const judged = groundTruth?.label ?? before;
    const drop = (pristine[judged] ?? 0) - (level[judged] ?? 0);
    const what = `p(${nameOf(judged, o?.categories)}) ${(pristine[judged] ?? 0).toFixed(3)} → ${(level[judged] ?? 0).toFixed(3)}`;
    return after !== before
      ? { score: 1 + drop, why: `top-1 changed from ${nameOf(before, o?.categories)} to ${after === undefined ? '–' : nameOf(after, o?.categories)}; ${what}` }
      : { score: drop, why: `top-1 kept (${nameOf(before, o?.categories)}); ${what}` };
  },
};
