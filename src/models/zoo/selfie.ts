import type { LabelMap } from '../../tasks/segmentation/types.js';
import type { Adapter } from '../adapters/adapter.js';
import { requireOutput, requireShape } from '../adapters/output-checks.js';
import { stretch } from '../calculators/letterbox.js';
import { resizeNearest } from '../calculators/resize-nearest.js';
import { toTensor } from '../calculators/to-tensor.js';
import { toNumbers, type Runtime } from '../runtimes/runtime.js';

/** Person / background label map: 0 background, 1 person, at the original image size. */
export const PERSON_SEGMENTATION_CLASSES = ['background', 'person'] as const;

/** How one family reads its output tensor (NHWC, batch 1) into 0/1 labels at network size. */
interface PersonDecoder {
  family: string;
  channels: number;
  /** Writes 1 where the pixel is a person. */
  labels(values: ArrayLike<number>, pixels: number, out: Uint8Array): void;
}

/**
 * MediaPipe person segmentation as @vladmandic/human runs it (src/segmentation/selfie.ts,
 * meet.ts): the image is stretched to the network size with tf.image.resizeBilinear
 * (alignCorners false, no half-pixel centres) and divided by 255, NHWC RGB. Where human blends
 * a soft alpha, lossyvision answers labels at network size, resized to the original size with
 * nearest neighbour.
 */
export function personSegmentationAdapter(runtime: Runtime, decoder: PersonDecoder): Adapter<LabelMap> {
  const input = runtime.inputs[0];
  const output = runtime.outputs[0].name;
  const height = input.dims?.[1] ?? 256;
  const width = input.dims?.[2] ?? 256;
  return {
    family: decoder.family,
    settings: { inputSize: [width, height], threshold: 0.5, resize: 'nearest' },
    outputNames: [output],
    prepare(image) {
      const { pixels, transform } = stretch(image, width, height, false);
      return { feeds: { [input.name]: toTensor(pixels, width, height, { scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] }, 'nhwc', 'rgb') }, transform };
    },
    check(outputs) {
      requireShape(requireOutput(outputs, output, runtime), output, [1, height, width, decoder.channels], runtime);
    },
    decode(outputs, t) {
      const small = new Uint8Array(width * height);
      decoder.labels(toNumbers(outputs[output]), width * height, small);
      return { width: t.width, height: t.height, data: resizeNearest(small, width, height, t.width, t.height) };
    },
  };
}

/**
 * MediaPipe Selfie (256×256 landscape-agnostic model): output `activation_10` [1, 256, 256, 1],
 * a sigmoid person probability; person where it exceeds 0.5.
 */
export function selfieAdapter(runtime: Runtime): Adapter<LabelMap> {
  return personSegmentationAdapter(runtime, {
    family: 'zoo:selfie',
    channels: 1,
    labels(values, pixels, out) {
      for (let i = 0; i < pixels; i++) out[i] = values[i] > 0.5 ? 1 : 0;
    },
  });
}
