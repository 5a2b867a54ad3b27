import { requireOutput } from './output-checks.js';
import { LossyvisionError } from '../../errors.js';
import type { LabelMap } from '../../tasks/segmentation/types.js';
import { stretch } from '../calculators/letterbox.js';
import { argmaxChannels } from '../calculators/argmax.js';
import { resizeNearest } from '../calculators/resize-nearest.js';
import { toTensor } from '../calculators/to-tensor.js';
import { formatDims, toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import { resolveInput } from './image-input-config.js';
import type { SegmentationConfig } from './segmentation-config.js';

/** Side used when neither the config nor the graph fixes the input size. */
const DEFAULT_SIDE = 512;

/** Where the class axis and the map sit in the output, read from its shape. */
interface OutputGeometry {
  kind: 'logits' | 'score' | 'labels';
  channels: number;
  width: number;
  height: number;
}

/**
 * User ONNX/TF.js semantic segmentation: the image is stretched (bilinear, pixel centres) to the
 * input size and normalised (ImageNet by default); the output — logits, a single score channel,
 * or labels — becomes a label map at network size, resized to the original size with nearest
 * neighbour (labels never blend).
 */
export function segmentationAdapter(runtime: Runtime, config: SegmentationConfig): Adapter<LabelMap> {
  const input = resolveInput(runtime, config, DEFAULT_SIDE);
  const outputLayout = config.outputLayout ?? 'nchw';
  const threshold = config.threshold ?? 0.5;
  const geometry = (t: Tensor): OutputGeometry => {
    const d = t.dims;
    const expected = outputLayout === 'nchw' ? '[1, C, H, W] (logits or C = 1 scores) or [1, H, W] (labels)' : '[1, H, W, C] (logits or C = 1 scores) or [1, H, W] (labels)';
    const fail = (why = ''): never => {
      throw new LossyvisionError('MODEL_OUTPUT', `output "${input.output}": expected shape ${expected}${why} but found ${formatDims(d)}`, { file: runtime.file });
    };
    if (d[0] !== 1) fail();
    if (d.length === 3) return { kind: 'labels', channels: 0, height: d[1], width: d[2] };
    if (d.length !== 4) fail();
    const [channels, height, width] = outputLayout === 'nchw' ? [d[1], d[2], d[3]] : [d[3], d[1], d[2]];
    if (config.numClasses !== undefined && channels !== config.numClasses && !(config.numClasses <= 2 && channels === 1)) {
      fail(` with C = ${config.numClasses} (numClasses)`);
    }
    return { kind: channels === 1 ? 'score' : 'logits', channels, width, height };
  };
  return {
    family: 'segmentation',
    settings: { ...input, outputLayout, threshold, numClasses: config.numClasses, resize: 'stretch-bilinear', labelResize: 'nearest' },
    outputNames: [input.output],
    prepare(image) {
      const { pixels, transform } = stretch(image, input.width, input.height, true);
      return { feeds: { [input.inputName]: toTensor(pixels, input.width, input.height, input.norm, input.layout, input.channelOrder) }, transform };
    },
    check(outputs) {
      const t = requireOutput(outputs, input.output, runtime);
      geometry(t);
    },
    decode(outputs, t) {
      const out = outputs[input.output];
      const g = geometry(out);
      const values = toNumbers(out);
      const plane = g.width * g.height;
      let labels: Uint8Array | Uint16Array;
      if (g.kind === 'logits') {
        labels = argmaxChannels(values, g.channels, plane, outputLayout);
      } else if (g.kind === 'score') {
        labels = new Uint8Array(plane);
        for (let i = 0; i < plane; i++) labels[i] = values[i] > threshold ? 1 : 0;
      } else {
        let max = 0;
        for (let i = 0; i < plane; i++) {
          const v = values[i];
          if (!(Number.isInteger(v) && v >= 0 && v < 65536)) {
            throw new LossyvisionError('MODEL_OUTPUT', `output "${input.output}": expected labels between 0 and 65535 but found ${v} at pixel ${i % g.width}, ${Math.floor(i / g.width)}`, { file: runtime.file });
          }
          if (v > max) max = v;
        }
        labels = max < 256 ? Uint8Array.from(values.subarray(0, plane)) : Uint16Array.from(values.subarray(0, plane));
      }
      return { width: t.width, height: t.height, data: resizeNearest(labels, g.width, g.height, t.width, t.height) };
    },
  };
}
