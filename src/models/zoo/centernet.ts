import type { Detection } from '../../tasks/detection/types.js';
import type { Adapter } from '../adapters/adapter.js';
import { requireOutput, requireShape } from '../adapters/output-checks.js';
import { stretch } from '../calculators/letterbox.js';
import { nms } from '../calculators/nms.js';
import { clipBox } from '../calculators/rescale.js';
import { NO_NORMALISATION, toTensor } from '../calculators/to-tensor.js';
import { COCO80_TO_COCO91 } from '../coco-classes.js';
import { COCO_LABELS } from '../../tasks/detection/label-space.js';
import { toNumbers, type Runtime } from '../runtimes/runtime.js';
import { zooDetectorSettings, type ZooDetectorOptions } from './options.js';

/**
 * CenterNet (MobileNetV3) as @vladmandic/human runs it (src/object/centernet.ts):
 * input  tower_0/images      [1, 512, 512, 3] float RGB 0–255, tf.image.resizeBilinear (no half-pixel)
 * output tower_0/detections  [1, 100, 6]      x1, y1, x2, y2 (input pixels), score, class (0–79)
 * then class-agnostic tf.image.nonMaxSuppression(maxDetected, iouThreshold, minConfidence).
 */
const OUTPUT = 'tower_0/detections';

export function centernetAdapter(runtime: Runtime, options: ZooDetectorOptions = {}): Adapter<Detection[]> {
  const settings = zooDetectorSettings(options);
  const input = runtime.inputs[0];
  const size = input.dims?.[2] ?? 512; // human reads dim[2] of the signature
  // The resized pixels are the input tensor as they are (no normalisation): one buffer serves
  // every call when the runtime copies inputs before returning to us.
  let resized: Float32Array | undefined;
  return {
    family: 'zoo:centernet',
    labels: COCO_LABELS,
    settings: { ...settings, inputSize: size },
    outputNames: [OUTPUT],
    prepare(image) {
      const into = runtime.copiesInputs ? (resized ??= new Float32Array(size * size * 3)) : undefined;
      const { pixels, transform } = stretch(image, size, size, false, into);
      return { feeds: { [input.name]: toTensor(pixels, size, size, NO_NORMALISATION, 'nhwc', 'rgb') }, transform };
    },
    check(outputs) {
      requireShape(requireOutput(outputs, OUTPUT, runtime), OUTPUT, [1, null, 6], runtime);
    },
    decode(outputs, t) {
      const out = outputs[OUTPUT];
      const v = toNumbers(out);
      const n = out.dims[1];
      const candidates = [];
      const rows: number[] = [];
      for (let i = 0; i < n; i++) {
        const score = v[i * 6 + 4];
        // tf.image.nonMaxSuppression keeps only scores strictly above the threshold.
        if (!(score > settings.scoreThreshold)) continue;
        candidates.push({ box: [v[i * 6], v[i * 6 + 1], v[i * 6 + 2], v[i * 6 + 3]] as const, score, label: 0 });
        rows.push(i);
      }
      const kept = nms(candidates, { ...settings, classAgnostic: true, suppressAtEqual: true });
      const detections: Detection[] = [];
      for (const k of kept) {
        const i = rows[k];
        const cls = v[i * 6 + 5];
        const categoryId = COCO80_TO_COCO91[cls];
        if (categoryId === undefined) continue; // human skips NaN classes too
        const [x1, y1, x2, y2] = candidates[k].box;
        // human: boxRaw = corners / inputSize, box = boxRaw × original size. human leaves it
        // unclipped; we clip to the image so IoU against ground truth is not skewed.
        const x = (x1 / size) * t.width;
        const y = (y1 / size) * t.height;
        const bbox = clipBox([x, y, ((x2 - x1) / size) * t.width, ((y2 - y1) / size) * t.height], t.width, t.height);
        detections.push({ categoryId, score: candidates[k].score, bbox });
      }
      return detections;
    },
  };
}
