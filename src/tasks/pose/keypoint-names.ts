/** COCO's 17 person keypoints, in the order of `person_keypoints_*.json` and of every pose model here. */
export const COCO_KEYPOINT_NAMES: readonly string[] = Object.freeze([
  'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
  'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
  'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
]);

/** Keypoint index by name, e.g. KP.left_shoulder = 5. */
export const KP: Readonly<Record<string, number>> = Object.freeze(Object.fromEntries(COCO_KEYPOINT_NAMES.map((n, i) => [n, i])));

/** COCO's `skeleton` limbs as 0-based keypoint index pairs (the file lists them 1-based). */
export const COCO_SKELETON: readonly (readonly [number, number])[] = Object.freeze(
  [
    [16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12], [7, 13], [6, 7], [6, 8], [7, 9],
    [8, 10], [9, 11], [2, 3], [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7],
  ].map(([a, b]) => [a - 1, b - 1] as const),
);

/** The category id COCO gives a person. */
export const PERSON_CATEGORY_ID = 1;
