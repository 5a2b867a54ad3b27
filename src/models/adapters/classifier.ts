import { requireOutput } from './output-checks.js';
import { LossyvisionError } from '../../errors.js';
import type { ClassificationPrediction } from '../../tasks/classification/prediction.js';
import { shorterSideSize } from '../calculators/centre-crop.js';
import { resizeCentreCrop, resizeImage } from '../calculators/resize-image.js';
import { toTensor } from '../calculators/to-tensor.js';
import { formatDims, toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import type { ClassifierConfig } from './classifier-config.js';
import { resolveInput } from './image-input-config.js';
import { CLASSIFIER_PRESETS, withPreset } from './presets.js';

const DEFAULT_SIDE = 224;

/**
 * User image classifiers (torchvision / timm exports): resize the shorter side and centre-crop
 * (256 → 224 by default), normalise (ImageNet by default), then softmax over the `[1, C]`
 * output and answer the top k (5 by default), best first; ties keep the lower index. The
 * `torchvision` and `timm` presets resample as PIL does, so the tensor is the framework's.
 */
export function classifierAdapter(runtime: Runtime, given: ClassifierConfig & { classes?: readonly string[] }): Adapter<ClassificationPrediction> {
  const config = withPreset(given, CLASSIFIER_PRESETS);
  const input = resolveInput(runtime, config, DEFAULT_SIDE);
  const crop = Math.min(input.width, input.height);
  const resizeShorter = config.resizeShorter ?? (config.cropPct !== undefined ? Math.floor(crop / config.cropPct) : Math.round(crop / 0.875));
  const resample = config.resample ?? 'bilinear';
  const softmax = config.softmax ?? true;
  const topK = config.topK ?? 5;
  const classes = config.classes;
  const count = (t: Tensor): number => {
    const d = t.dims;
    const expected = classes ? `[1, ${classes.length}]` : '[1, C]';
    if (d.length !== 2 || d[0] !== 1 || (classes !== undefined && d[1] !== classes.length)) {
      throw new LossyvisionError('MODEL_OUTPUT', `output "${input.output}": expected shape ${expected}${classes ? ' (one score per class name)' : ''} but found ${formatDims(d)}`, { file: runtime.file });
    }
    return d[1];
  };
  return {
    family: 'classifier',
    settings: { ...input, preset: config.preset, resizeShorter, resample, softmax, topK, classes },
    outputNames: [input.output],
    prepare(image) {
      const transform = { scaleX: 1, scaleY: 1, padLeft: 0, padTop: 0, width: image.width, height: image.height };
      let pixels: Float32Array;
      if (resizeShorter > 0) {
        const [w, h] = shorterSideSize(image.width, image.height, resizeShorter);
        pixels = resizeCentreCrop(image, w, h, resample, input.width, input.height);
      } else {
        pixels = resizeImage(image, input.width, input.height, resample);
      }
      return { feeds: { [input.inputName]: toTensor(pixels, input.width, input.height, input.norm, input.layout, input.channelOrder) }, transform };
    },
    check(outputs) {
      const t = requireOutput(outputs, input.output, runtime);
      count(t);
    },
    decode(outputs) {
      const out = outputs[input.output];
      const n = count(out);
      const scores = softmax ? softmaxOf(toNumbers(out), n) : Float64Array.from(toNumbers(out).subarray(0, n));
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
      return { top: order.slice(0, topK).map((index) => ({ index, label: classes?.[index], score: scores[index] })) };
    },
  };
}

/** Numerically stable softmax in float64. */
export function softmaxOf(logits: ArrayLike<number>, n: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]);
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}
