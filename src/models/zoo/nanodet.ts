import { LossyvisionError } from '../../errors.js';
import type { Detection } from '../../tasks/detection/types.js';
import type { Adapter } from '../adapters/adapter.js';
import { stretch } from '../calculators/letterbox.js';
import { nms } from '../calculators/nms.js';
import { clipBox } from '../calculators/rescale.js';
import { toTensor } from '../calculators/to-tensor.js';
import { COCO80_TO_COCO91 } from '../coco-classes.js';
import { COCO_LABELS } from '../../tasks/detection/label-space.js';
import { formatDims, toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import { zooDetectorSettings, type ZooDetectorOptions } from './options.js';

/**
 * NanoDet as @vladmandic/human runs it (src/object/nanodet.ts):
 * input  input_1 [1, 3, 416, 416] float RGB 0–1, tf.image.resizeBilinear (no half-pixel)
 * output per grid g ∈ {13, 26, 52}: scores [1, g², 80] and box features [1, g², 4 × 11]
 * Box sides are the argmax bin of each side's 11 distance bins, scaled as human does.
 */
const GRIDS = [13, 26, 52] as const;
const CLASSES = 80;
/** human: "increase box size". */
const SCALE_BOX = 2.5;
/** human never reports class index 61 (toilet). */
const SKIPPED_CLASS = 61;

interface Level { grid: number; scores: Tensor; features: Tensor }

function findLevels(outputs: Record<string, Tensor>, runtime: Runtime): Level[] {
  return GRIDS.map((grid) => {
    const cells = grid * grid;
    const all = Object.values(outputs);
    const scores = all.find((t) => t.dims[1] === cells && t.dims[2] === CLASSES);
    const features = all.find((t) => t.dims[1] === cells && t.dims[2] < CLASSES);
    if (!scores || !features || features.dims[2] % 4 !== 0 || scores.dims.length !== 3 || features.dims.length !== 3) {
      const found = Object.entries(outputs).map(([k, t]) => `${k} ${formatDims(t.dims)}`).join(', ');
      throw new LossyvisionError('MODEL_OUTPUT',
        `expected outputs of shape [1, ${cells}, ${CLASSES}] (scores) and [1, ${cells}, 4×bins] (box bins) for the ${grid}×${grid} grid but found: ${found}`,
        { file: runtime.file });
    }
    return { grid, scores, features };
  });
}

export function nanodetAdapter(runtime: Runtime, options: ZooDetectorOptions = {}): Adapter<Detection[]> {
  const settings = zooDetectorSettings(options);
  const input = runtime.inputs[0];
  const size = input.dims?.[2] ?? 416;
  let resized: Float32Array | undefined;
  // The input tensor's buffer too, when the runtime copies inputs before returning to us.
  let tensor: Float32Array | undefined;
  return {
    family: 'zoo:nanodet',
    labels: COCO_LABELS,
    settings: { ...settings, inputSize: size },
    prepare(image) {
      // The resized pixels only live until toTensor has laid them out: one buffer serves every call.
      const { pixels, transform } = stretch(image, size, size, false, (resized ??= new Float32Array(size * size * 3)));
      const norm = { scale: 1 / 255, mean: [0, 0, 0] as const, std: [1, 1, 1] as const };
      const into = runtime.copiesInputs ? (tensor ??= new Float32Array(size * size * 3)) : undefined;
      return { feeds: { [input.name]: toTensor(pixels, size, size, norm, 'nchw', 'rgb', into) }, transform };
    },
    check(outputs) {
      findLevels(outputs, runtime);
    },
    decode(outputs, t) {
      // Candidates straight from the score maps: only scores above the threshold both raw and
      // rounded (human runs tf NMS on the rounded scores, which re-applies the threshold to
      // them) make an object, in the order human lists them.
      const candidates: { raw: number; score: number; label: number; boxRaw: [number, number, number, number]; box: readonly [number, number, number, number] }[] = [];
      for (const [level, { grid, scores, features }] of findLevels(outputs, runtime).entries()) {
        const stride = 2 ** level; // human's "strideSize" 1, 2, 4
        const s = toNumbers(scores);
        const f = toNumbers(features);
        const bins = features.dims[2] / 4;
        const cells = grid * grid;
        const unit = grid / stride / size;
        const reach = SCALE_BOX / stride;
        for (let i = 0; i < cells; i++) {
          for (let j = 0; j < CLASSES; j++) {
            const score = s[i * CLASSES + j];
            if (!(score > settings.scoreThreshold) || j === SKIPPED_CLASS) continue;
            const rounded = Math.round(100 * score) / 100;
            if (!(rounded > settings.scoreThreshold)) continue;
            const cx = (0.5 + (i % grid)) / grid;
            const cy = (0.5 + Math.trunc(i / grid)) / grid;
            const at = i * 4 * bins;
            const x = cx - reach * (argmax(f, at, bins) * unit);
            const y = cy - reach * (argmax(f, at + bins, bins) * unit);
            const w = cx + reach * (argmax(f, at + 2 * bins, bins) * unit) - x;
            const h = cy + reach * (argmax(f, at + 3 * bins, bins) * unit) - y;
            const boxRaw: [number, number, number, number] = [clamp01(x), clamp01(y), clamp01(w), clamp01(h)];
            candidates.push({ raw: score, score: rounded, label: j, boxRaw, box: [boxRaw[0], boxRaw[1], boxRaw[0] + boxRaw[2], boxRaw[1] + boxRaw[3]] });
          }
        }
      }
      const kept = nms(candidates, { ...settings, classAgnostic: true, suppressAtEqual: true });
      return kept.map((k) => {
        const d = candidates[k];
        return {
          categoryId: COCO80_TO_COCO91[d.label],
          score: d.raw,
          // human clamps x, y, w, h to 0–1 one by one, so x + w can pass the edge: clip to the image.
          bbox: clipBox([d.boxRaw[0] * t.width, d.boxRaw[1] * t.height, d.boxRaw[2] * t.width, d.boxRaw[3] * t.height], t.width, t.height),
        };
      });
    },
  };
}

function clamp01(a: number): number {
  return Math.max(0, Math.min(a, 1));
}

/** Index of the largest of `count` values from `start` (first one on ties, as tf.argMax). */
function argmax(values: ArrayLike<number>, start: number, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[start + k] > values[start + best]) best = k;
  return best;
}
