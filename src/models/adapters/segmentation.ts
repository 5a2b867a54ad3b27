import { requireOutput } from './output-checks.js';
import { LossyvisionError } from '../../errors.js';
import type { LabelMap } from '../../tasks/segmentation/types.js';
import type { RgbImage } from '../../media/image.js';
import { letterboxGeometry, type InputTransform } from '../calculators/letterbox.js';
import { argmaxChannels } from '../calculators/argmax.js';
import { longerSideSize, shorterSideSize } from '../calculators/centre-crop.js';
import { resizeImage } from '../calculators/resize-image.js';
import { argmaxResized, sampleAxis, sampleBilinear, sampleNearest } from '../calculators/resize-logits.js';
import { resizeNearest } from '../calculators/resize-nearest.js';
import { toTensor } from '../calculators/to-tensor.js';
import { formatDims, toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import { resolveInput } from './image-input-config.js';
import type { SegmentationConfig } from './segmentation-config.js';
import { SEGMENTATION_PRESETS, withPreset } from './presets.js';

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
 * User ONNX/TF.js semantic segmentation: the image is resized to the input (stretched by
 * default; or its shorter / longer side to resizeSize, or fitted and padded, aspect kept) and
 * normalised (ImageNet by default); the output — logits, a single score channel, or labels —
 * becomes a label map on the image: argmaxed at network size and resized with nearest neighbour
 * (labels never blend; the default), or with `logitsResize: "bilinear"` the scores resized
 * to the image first and argmaxed there, as torchvision's references do.
 */
export function segmentationAdapter(runtime: Runtime, given: SegmentationConfig): Adapter<LabelMap> {
  const config = withPreset(given, SEGMENTATION_PRESETS);
  const input = resolveInput(runtime, config, DEFAULT_SIDE);
  const outputLayout = config.outputLayout ?? 'nchw';
  const threshold = config.threshold ?? 0.5;
  const resize = config.resize ?? 'stretch';
  const resample = config.resample ?? 'bilinear';
  const logitsResize = config.logitsResize ?? 'nearest';
  const padValue = config.padValue ?? 0;
  const resizeSize = config.resizeSize ?? (resize === 'longer' ? Math.max(input.width, input.height) : Math.min(input.width, input.height));
  if (resize === 'shorter' || resize === 'longer') {
    const dims = runtime.inputs.find((i) => i.name === input.inputName)?.dims;
    const spatial = dims?.length === 4 ? (input.layout === 'nchw' ? dims.slice(2) : dims.slice(1, 3)) : [];
    if (spatial.some((d) => d !== null)) {
      throw new LossyvisionError('MODEL_LOAD', `resize "${resize}" feeds each image at its own aspect ratio, but input "${input.inputName}" has a fixed size ${formatDims(dims!)}: export with dynamic height and width, or use resize "pad" or "stretch"`, { file: runtime.file, entry: 'resize' });
    }
  }
  /** The network input for one image, its size and where the image sits in it. */
  const place = (image: RgbImage): { pixels: Float32Array; width: number; height: number; transform: InputTransform } => {
    const { width: w, height: h } = image;
    if (resize === 'pad') {
      const t = letterboxGeometry(w, h, input.width, input.height);
      const rw = Math.round(w * t.scaleX);
      const rh = Math.round(h * t.scaleY);
      const resized = resizeImage(image, rw, rh, resample);
      const pixels = new Float32Array(input.width * input.height * 3).fill(padValue);
      for (let y = 0; y < rh; y++) pixels.set(resized.subarray(y * rw * 3, (y + 1) * rw * 3), ((y + t.padTop) * input.width + t.padLeft) * 3);
      return { pixels, width: input.width, height: input.height, transform: t };
    }
    const [rw, rh] = resize === 'shorter' ? shorterSideSize(w, h, resizeSize) : resize === 'longer' ? longerSideSize(w, h, resizeSize) : [input.width, input.height];
    return { pixels: resizeImage(image, rw, rh, resample), width: rw, height: rh, transform: { scaleX: rw / w, scaleY: rh / h, padLeft: 0, padTop: 0, width: w, height: h } };
  };
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
    settings: { ...input, outputLayout, threshold, numClasses: config.numClasses, preset: config.preset, resize, resizeSize: resize === 'shorter' || resize === 'longer' ? resizeSize : undefined, resample, padValue: resize === 'pad' ? padValue : undefined, logitsResize },
    outputNames: [input.output],
    prepare(image) {
      const { pixels, width, height, transform } = place(image);
      return { feeds: { [input.inputName]: toTensor(pixels, width, height, input.norm, input.layout, input.channelOrder) }, transform };
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
      // The network input this image had, and image pixel → output pixel per axis.
      const inW = resize === 'shorter' || resize === 'longer' ? Math.round(t.width * t.scaleX) : input.width;
      const inH = resize === 'shorter' || resize === 'longer' ? Math.round(t.height * t.scaleY) : input.height;
      const sx = g.width / inW;
      const sy = g.height / inH;
      if (logitsResize === 'bilinear' && g.kind !== 'labels') {
        // The image's part of the output: [pad, pad + resized) input pixels, in output pixel centres.
        const cols = sampleAxis(t.width, g.width, t.scaleX * sx, t.padLeft * sx, t.padLeft * sx, Math.min(g.width, (t.padLeft + Math.round(t.width * t.scaleX)) * sx) - 1);
        const rows = sampleAxis(t.height, g.height, t.scaleY * sy, t.padTop * sy, t.padTop * sy, Math.min(g.height, (t.padTop + Math.round(t.height * t.scaleY)) * sy) - 1);
        if (g.kind === 'logits') return { width: t.width, height: t.height, data: argmaxResized(values, g.channels, g.width, g.height, outputLayout, cols, rows) };
        const scores = sampleBilinear(values, g.width, cols, rows);
        return { width: t.width, height: t.height, data: Uint8Array.from(scores, (v) => (v > threshold ? 1 : 0)) };
      }
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
      // Padding cropped away by mapping each image pixel onto the output; otherwise the output covers the image.
      const data = resize !== 'pad'
        ? resizeNearest(labels, g.width, g.height, t.width, t.height)
        : sampleNearest(labels, g.width, g.height, t.width, t.height, t.scaleX * sx, t.padLeft * sx, t.scaleY * sy, t.padTop * sy);
      return { width: t.width, height: t.height, data };
    },
  };
}
