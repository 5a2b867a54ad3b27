import { PERSON_CATEGORY_ID } from './keypoint-names.js';
import type { PoseGroundTruth, PoseGroundTruthPerson, PosePerson } from './types.js';

/**
 * Keypoints scoring below this in a pristine prediction are not ground truth (v = 0);
 * @vladmandic/human's body.minConfidence.
 */
export const REFERENCE_KEYPOINT_THRESHOLD = 0.3;

/**
 * Reference mode for unlabelled pose data: the people the model finds on the pristine image,
 * those scoring at least `threshold`, become the ground truth, with the fields pycocotools
 * needs synthesised: keypoints scoring at least `keypointThreshold` get visibility 2, the
 * others 0 with x = y = 0 (as COCO writes unlabelled keypoints); num_keypoints counts the
 * visible ones; bbox is the extent of the visible keypoints and area its w·h (COCO's area is
 * a segment area; a keypoint box is the only size there is here). A person with no visible
 * keypoint is kept with num_keypoints 0, which COCO evaluation ignores.
 */
export function poseReferenceGroundTruth(
  pristine: readonly PosePerson[],
  sample: { imageId: number; width: number; height: number },
  threshold: number,
  keypointThreshold = REFERENCE_KEYPOINT_THRESHOLD,
): PoseGroundTruth {
  const people = pristine
    .filter((p) => p.score >= threshold)
    .map((p, i): PoseGroundTruthPerson => {
      const keypoints: number[] = [];
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      let visible = 0;
      for (let k = 0; k < p.keypoints.length; k += 3) {
        const [x, y, score] = [p.keypoints[k], p.keypoints[k + 1], p.keypoints[k + 2]];
        if (score >= keypointThreshold) {
          keypoints.push(x, y, 2);
          visible++;
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x);
          y1 = Math.max(y1, y);
        } else keypoints.push(0, 0, 0);
      }
      const bbox: [number, number, number, number] = visible > 0 ? [x0, y0, x1 - x0, y1 - y0] : [0, 0, 0, 0];
      return { id: i + 1, categoryId: p.categoryId ?? PERSON_CATEGORY_ID, bbox, area: bbox[2] * bbox[3], iscrowd: false, keypoints, numKeypoints: visible };
    });
  return { imageId: sample.imageId, width: sample.width, height: sample.height, people };
}
