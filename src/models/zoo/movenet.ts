import type { PosePerson } from '../../tasks/pose/types.js';
import { PERSON_CATEGORY_ID } from '../../tasks/pose/keypoint-names.js';
import type { Adapter } from '../adapters/adapter.js';
import { requireOutput, requireShape } from '../adapters/output-checks.js';
import { toOriginalPoint } from '../calculators/keypoint-rescale.js';
import type { InputTransform } from '../calculators/letterbox.js';
import { padSquare } from '../calculators/pad-square.js';
import { keepBest, maxKeypointScore, poseSettings, type PoseSettings } from '../calculators/pose-settings.js';
import { toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import type { ZooDetectorOptions } from './options.js';

/**
 * MoveNet as @vladmandic/human runs it (src/body/movenet.ts, movenetfix.ts):
 * input  input     [1, S, S, 3] int32 RGB 0–255; S = 192 (lightning), 256 (thunder, multipose:
 *                  its declared size is dynamic and human falls back to 256); black padding to a
 *                  square, then tf.image.resizeBilinear, then a cast to int32
 * output Identity  single pose [1, 1, 17, 3]: per COCO keypoint y, x, score (0–1 of the padded square)
 *                  multipose   [1, 6, 56]: 17 × (y, x, score), then ymin, xmin, ymax, xmax, score
 * The person score is human's: single pose the best keypoint score above 0.3, multipose the
 * model's own, both rounded to two decimals. Human's heuristics after decoding (left/right
 * swaps, dropping "improbable" keypoints and those scoring ≤ 0.3, frame-to-frame jitter
 * smoothing, rounding to whole pixels) are left out: they would hide what compression does to
 * the network's own output, and COCO's OKS wants all 17 keypoints.
 */
const OUTPUT = 'Identity';
const MULTIPOSE_FALLBACK_SIZE = 256;

// The output's layout, named as tfjs-models' movenet constants.ts does. Single pose [1, 1, 17, 3]:
// 17 keypoints × (y, x, score). Multipose [1, 6, 56]: per person, the same 51 values, then the
// box ymin, xmin, ymax, xmax and the person's score.
const KEYPOINTS = 17;
/** y, x, score per keypoint. */
const KEYPOINT_VALUES = 3;
/** Where a multipose row's box starts (51): ymin, then xmin, ymax, xmax. */
const MULTIPOSE_BOX = KEYPOINTS * KEYPOINT_VALUES;
/** The person's score in a multipose row (55). */
const MULTIPOSE_BOX_SCORE = MULTIPOSE_BOX + 4;
/** Values per person in a multipose output (56). */
const MULTIPOSE_ROW = MULTIPOSE_BOX + 5;

export type MovenetVariant = 'single' | 'multi';

/** One person's 17 keypoints as COCO [x, y, score, …] in original pixels, from rows of y, x, score. */
function keypointsAt(v: Float32Array | Float64Array, offset: number, size: number, t: InputTransform): number[] {
  const out: number[] = [];
  for (let k = 0; k < KEYPOINTS; k++) {
    const at = offset + KEYPOINT_VALUES * k;
    const [x, y] = toOriginalPoint(v[at + 1] * size, v[at] * size, t);
    out.push(x, y, v[at + 2]);
  }
  return out;
}

function decodeSingle(out: Tensor, size: number, t: InputTransform, settings: PoseSettings): PosePerson[] {
  const keypoints = keypointsAt(toNumbers(out), 0, size, t);
  return keepBest([{ categoryId: PERSON_CATEGORY_ID, keypoints, score: maxKeypointScore(keypoints) }], settings);
}

function decodeMulti(out: Tensor, size: number, t: InputTransform, settings: PoseSettings): PosePerson[] {
  const v = toNumbers(out);
  const people: PosePerson[] = [];
  for (let i = 0; i < out.dims[1]; i++) {
    const row = i * MULTIPOSE_ROW;
    const [ymin, xmin, ymax, xmax] = v.subarray(row + MULTIPOSE_BOX, row + MULTIPOSE_BOX + 4);
    const [x1, y1] = toOriginalPoint(xmin * size, ymin * size, t);
    const [x2, y2] = toOriginalPoint(xmax * size, ymax * size, t);
    // human: the model's own person score, rounded to two decimals.
    people.push({ categoryId: PERSON_CATEGORY_ID, keypoints: keypointsAt(v, row, size, t), score: Math.round(100 * v[row + MULTIPOSE_BOX_SCORE]) / 100, bbox: [x1, y1, x2 - x1, y2 - y1] });
  }
  return keepBest(people, settings);
}

export function movenetAdapter(runtime: Runtime, variant: MovenetVariant, options: ZooDetectorOptions = {}): Adapter<PosePerson[]> {
  const settings = poseSettings(options);
  const input = runtime.inputs[0];
  const declared = input.dims?.[2];
  // human: inputSize = shape[2], and 256 when that is not a usable size (multipose's is dynamic).
  const size = typeof declared === 'number' && declared >= 64 ? declared : MULTIPOSE_FALLBACK_SIZE;
  const expected = variant === 'single' ? [1, 1, KEYPOINTS, KEYPOINT_VALUES] : [1, null, MULTIPOSE_ROW];
  return {
    family: variant === 'single' ? 'zoo:movenet' : 'zoo:movenet-multipose',
    settings: { ...settings, inputSize: size },
    outputNames: [OUTPUT],
    prepare(image) {
      const { pixels, transform } = padSquare(image, size);
      return { feeds: { [input.name]: { dims: [1, size, size, 3], data: pixels } }, transform };
    },
    check(outputs) {
      requireShape(requireOutput(outputs, OUTPUT, runtime), OUTPUT, expected, runtime);
    },
    decode(outputs, t) {
      return variant === 'single' ? decodeSingle(outputs[OUTPUT], size, t, settings) : decodeMulti(outputs[OUTPUT], size, t, settings);
    },
  };
}
