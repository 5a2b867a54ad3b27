import { overlaySvg } from '../../media/overlay-svg.js';
import { plural, round, type ImageSize, type Row, type TaskView } from '../view.js';
import { drawPose } from './draw.js';
import { COCO_KEYPOINT_NAMES } from './keypoint-names.js';
import { COCO_KEYPOINT_SIGMAS, keypointOks } from './oks.js';
import { poseReferenceGroundTruth, REFERENCE_KEYPOINT_THRESHOLD } from './reference.js';
import { peopleOf, type PoseGroundTruth, type PosePerson, type PosePrediction } from './types.js';

/** Keypoints below this score are neither drawn nor listed nor compared: reference mode's own cut. */
const KEYPOINT_SHOWN = REFERENCE_KEYPOINT_THRESHOLD;

const shownPeople = (p: readonly PosePerson[] | PosePrediction, threshold = 0): PosePerson[] => peopleOf(p).filter((person) => person.score >= threshold);

/** COCO's [x1, y1, v1, …] → FiftyOne's relative points, NaN where `keep` says the point is absent (FiftyOne's convention). */
function points(keypoints: readonly number[], size: ImageSize, keep: (v: number) => boolean): number[][] {
  const out: number[][] = [];
  for (let k = 0; 3 * k < keypoints.length; k++) {
    const [x, y, v] = keypoints.slice(3 * k, 3 * k + 3);
    out.push(keep(v) ? [x / size.width, y / size.height] : [Number.NaN, Number.NaN]);
  }
  return out;
}

export const poseView: TaskView<readonly PosePerson[] | PosePrediction, PoseGroundTruth> = {
  fiftyone: (p, size) => ({
    label: {
      _cls: 'Keypoints',
      keypoints: peopleOf(p).map((person) => ({
        _cls: 'Keypoint', label: 'person', points: points(person.keypoints, size, () => true),
        confidence: person.keypoints.filter((_, i) => i % 3 === 2), score: person.score,
      })),
    },
  }),
  // Visibility 0 is "not labelled": no point.
  fiftyoneTruth: (g, size) => ({
    label: { _cls: 'Keypoints', keypoints: g.people.map((person) => ({ _cls: 'Keypoint', label: 'person', points: points(person.keypoints, size, (v) => v > 0), iscrowd: person.iscrowd ? 1 : 0 })) },
  }),
  draw: (image, p, o) => drawPose(image, shownPeople(p, o?.scoreThreshold), { keypointThreshold: KEYPOINT_SHOWN }),
  rows: (p) =>
    peopleOf(p).flatMap((person, i) => {
      const rows: Row[] = [];
      for (let k = 0; k < person.keypoints.length / 3; k++) {
        const [x, y, score] = person.keypoints.slice(3 * k, 3 * k + 3);
        if (score < KEYPOINT_SHOWN) continue;
        rows.push({ person: i + 1, 'person score': round(person.score, 3), keypoint: COCO_KEYPOINT_NAMES[k] ?? String(k), x: round(x, 1), y: round(y, 1), score: round(score, 3) });
      }
      return rows;
    }),
  summary: (p, o) => plural(shownPeople(p, o?.scoreThreshold).length, 'person', 'people'),
  /**
   * Over the level's image: each pristine person's keypoints (white) joined to where the best
   * OKS-matching person at the level put them; a red line where a keypoint jumped more than 5 %
   * of the image's shorter side, a red ring where it is no longer shown.
   */
  async difference(image, pristine, level, o) {
    const before = shownPeople(pristine, o?.scoreThreshold);
    const after = shownPeople(level, o?.scoreThreshold);
    const truth = poseReferenceGroundTruth(before, { imageId: 0, width: 0, height: 0 }, o?.scoreThreshold ?? 0, KEYPOINT_SHOWN).people;
    const oks = keypointOks(after.map((p) => p.keypoints), truth, COCO_KEYPOINT_SIGMAS);
    const jump = 0.05 * Math.min(image.width, image.height);
    const r = Math.max(3, Math.round(Math.min(image.width, image.height) / 120));
    const parts: string[] = [];
    let jumped = 0;
    let lost = 0;
    truth.forEach((_t, g) => {
      let best = -1;
      after.forEach((_p, d) => {
        if (oks[d * truth.length + g] > (best < 0 ? 0 : oks[best * truth.length + g])) best = d;
      });
      const k = before[g].keypoints;
      for (let i = 0; 3 * i + 2 < k.length; i++) {
        if (k[3 * i + 2] < KEYPOINT_SHOWN) continue;
        const m = best < 0 ? undefined : after[best].keypoints;
        if (!m || m[3 * i + 2] < KEYPOINT_SHOWN) {
          lost++;
          parts.push(`<circle cx="${k[3 * i]}" cy="${k[3 * i + 1]}" r="${2 * r}" fill="none" stroke="#ff1744" stroke-width="${r / 2}"/>`);
          continue;
        }
        const far = Math.hypot(m[3 * i] - k[3 * i], m[3 * i + 1] - k[3 * i + 1]) > jump;
        if (far) jumped++;
        parts.push(`<line x1="${k[3 * i]}" y1="${k[3 * i + 1]}" x2="${m[3 * i]}" y2="${m[3 * i + 1]}" stroke="${far ? '#ff1744' : '#00e060'}" stroke-width="${r / 2}"/>`);
      }
      for (let i = 0; 3 * i + 2 < k.length; i++) {
        if (k[3 * i + 2] >= KEYPOINT_SHOWN) parts.push(`<circle cx="${k[3 * i]}" cy="${k[3 * i + 1]}" r="${r}" fill="#fff" stroke="#000" stroke-width="1"/>`);
      }
    });
    return {
      image: parts.length ? await overlaySvg(image, parts.join('')) : image,
      legend: `white: pristine keypoints; red lines: ${jumped} jumped more than ${jump.toFixed(0)} px, green: moved less; red rings: ${lost} no longer shown`,
    };
  },
  /**
   * OKS of the level's people against the pristine people taken as ground truth (as reference
   * mode scores them): each pristine person's best match; a person no longer found scores 0.
   */
  damage(pristine, level, _groundTruth, o) {
    const truth = poseReferenceGroundTruth(peopleOf(pristine), { imageId: 0, width: 0, height: 0 }, o?.scoreThreshold ?? 0, KEYPOINT_SHOWN).people.filter((p) => p.numKeypoints > 0);
    if (truth.length === 0) return undefined;
    const found = shownPeople(level, o?.scoreThreshold);
    const oks = keypointOks(found.map((p) => p.keypoints), truth, COCO_KEYPOINT_SIGMAS);
    const best = truth.map((_t, g) => Math.max(0, ...found.map((_f, d) => oks[d * truth.length + g])));
    const mean = best.reduce((a, b) => a + b, 0) / best.length;
    const lost = best.filter((v) => v < 0.5).length;
    return { score: 1 - mean, why: `mean OKS with the pristine pose ${mean.toFixed(2)} over ${plural(truth.length, 'person', 'people')}${lost ? ` (${lost} below OKS 0.5)` : ''}` };
  },
};
