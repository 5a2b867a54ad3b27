import type { Box } from '../detection/types.js';

/** COCO keypoints: [x1, y1, v1, x2, y2, v2, …], 17 × 3 numbers in COCO's order. */
export type Keypoints = number[];

export interface PoseGroundTruthPerson {
  id: number;
  categoryId: number;
  bbox: Box;
  area: number;
  iscrowd: boolean;
  keypoints: Keypoints;
  numKeypoints: number;
}

export interface PoseGroundTruth {
  imageId: number;
  width: number;
  height: number;
  people: PoseGroundTruthPerson[];
}

export interface PosePerson {
  categoryId: number;
  keypoints: Keypoints;
  score: number;
  /**
   * The person's box when the model gives one. COCO evaluation then takes its area from w·h, as
   * pycocotools' `loadRes` does for results that carry a `bbox`; without one, from the keypoints' extent.
   */
  bbox?: Box;
}

export interface PosePrediction {
  imageId: number;
  people: PosePerson[];
}

/** Models answer a bare list; a stored or bound prediction carries it with its image id. Either way, the list. */
export function peopleOf(prediction: unknown): PosePerson[] {
  return Array.isArray(prediction) ? (prediction as PosePerson[]) : (prediction as PosePrediction).people;
}
