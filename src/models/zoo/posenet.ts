import { PERSON_CATEGORY_ID } from '../../tasks/pose/keypoint-names.js';
import type { PosePerson } from '../../tasks/pose/types.js';
import type { Adapter } from '../adapters/adapter.js';
import { requireOutput, requireShape } from '../adapters/output-checks.js';
import { toOriginalPoint } from '../calculators/keypoint-rescale.js';
import { stretch } from '../calculators/letterbox.js';
import { keepBest, poseSettings } from '../calculators/pose-settings.js';
import { toTensor } from '../calculators/to-tensor.js';
import { toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import type { ZooDetectorOptions } from './options.js';
import { decodeMultiplePoses, type FeatureMap } from './posenet-decode.js';

/**
 * PoseNet (MobileNetV1, output stride 16) as @vladmandic/human runs it (src/body/posenet.ts):
 * input  image                                  [1, 385, 385, 3] float RGB, v / 127.5 − 1, after
 *                                               tf.image.resizeBilinear (stretch, no half-pixel)
 * output MobilenetV1/heatmap_2/BiasAdd          [1, 25, 25, 17] part logits (sigmoid → scores)
 *        MobilenetV1/offset_2/BiasAdd           [1, 25, 25, 34] short-range offsets, 17 y then 17 x
 *        MobilenetV1/displacement_fwd_2/BiasAdd [1, 25, 25, 32] mid-range displacements, 16 y then 16 x
 *        MobilenetV1/displacement_bwd_2/BiasAdd [1, 25, 25, 32]
 * Decoding with human's constants: local maximum radius 1, part NMS radius 50 px, 2 refine steps;
 * all 17 keypoints are kept (human drops those under minConfidence; COCO results need all 17).
 */
const HEATMAP = 'MobilenetV1/heatmap_2/BiasAdd';
const OFFSETS = 'MobilenetV1/offset_2/BiasAdd';
const FWD = 'MobilenetV1/displacement_fwd_2/BiasAdd';
const BWD = 'MobilenetV1/displacement_bwd_2/BiasAdd';
const OUTPUT_STRIDE = 16;
const KEYPOINTS = 17;
/** human's body.minConfidence: roots and people at or under it are not decoded. */
const MIN_PART_SCORE = 0.3;

function featureMap(t: Tensor, sigmoid = false): FeatureMap {
  const raw = toNumbers(t);
  const data = sigmoid ? Float32Array.from(raw, (v) => 1 / (1 + Math.exp(-v))) : raw;
  return { height: t.dims[1], width: t.dims[2], channels: t.dims[3], data };
}

export function posenetAdapter(runtime: Runtime, options: ZooDetectorOptions = {}): Adapter<PosePerson[]> {
  const settings = poseSettings(options);
  const input = runtime.inputs[0];
  const height = input.dims?.[1] ?? 385;
  const width = input.dims?.[2] ?? 385;
  const cells = (n: number) => Math.floor((n - 1) / OUTPUT_STRIDE) + 1;
  const [gh, gw] = [cells(height), cells(width)];
  return {
    family: 'zoo:posenet',
    settings: { ...settings, inputWidth: width, inputHeight: height, minPartScore: MIN_PART_SCORE },
    outputNames: [HEATMAP, OFFSETS, FWD, BWD],
    prepare(image) {
      const { pixels, transform } = stretch(image, width, height, false);
      return { feeds: { [input.name]: toTensor(pixels, width, height, { scale: 1 / 127.5, mean: [1, 1, 1], std: [1, 1, 1] }, 'nhwc', 'rgb') }, transform };
    },
    check(outputs) {
      requireShape(requireOutput(outputs, HEATMAP, runtime), HEATMAP, [1, gh, gw, KEYPOINTS], runtime);
      requireShape(requireOutput(outputs, OFFSETS, runtime), OFFSETS, [1, gh, gw, 2 * KEYPOINTS], runtime);
      requireShape(requireOutput(outputs, FWD, runtime), FWD, [1, gh, gw, 2 * (KEYPOINTS - 1)], runtime);
      requireShape(requireOutput(outputs, BWD, runtime), BWD, [1, gh, gw, 2 * (KEYPOINTS - 1)], runtime);
    },
    decode(outputs, t) {
      const poses = decodeMultiplePoses(featureMap(outputs[HEATMAP], true), featureMap(outputs[OFFSETS]), featureMap(outputs[FWD]), featureMap(outputs[BWD]), {
        outputStride: OUTPUT_STRIDE,
        minScore: MIN_PART_SCORE,
        maxPeople: settings.maxDetections,
        nmsRadius: 50,
        localMaximumRadius: 1,
        offsetRefineSteps: 2,
      });
      const people = poses.map((p): PosePerson => ({
        categoryId: PERSON_CATEGORY_ID,
        score: p.score,
        keypoints: p.keypoints.flatMap((k) => [...toOriginalPoint(k.x, k.y, t), k.score]),
      }));
      return keepBest(people, settings);
    },
  };
}
