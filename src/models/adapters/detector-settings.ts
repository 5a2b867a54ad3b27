import { LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import { letterbox, stretch, type InputTransform } from '../calculators/letterbox.js';
import { resizeImage, type Resample } from '../calculators/resize-image.js';
import { toTensor, type ChannelOrder, type Layout } from '../calculators/to-tensor.js';
import { COCO80_TO_COCO91 } from '../coco-classes.js';
import { VOC_CLASSES } from '../../datasets/voc/classes.js';
import { COCO_LABELS, type LabelSpace } from '../../tasks/detection/label-space.js';
import { formatDims, type Runtime, type Tensor, type TensorInfo } from '../runtimes/runtime.js';
import type { DetectorConfig, DetectorFormat, YoloConfig } from './detector-config.js';
import { DETECTOR_PRESETS, withPreset } from './presets.js';

/** A detector config with every default filled in: what the adapter runs and what is hashed. */
export interface DetectorSettings {
  format: DetectorFormat;
  /** null: feed the image at its own size (torchvision graphs resize internally). */
  inputWidth: number | null;
  inputHeight: number | null;
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
  channelOrder: ChannelOrder;
  layout: Layout;
  /** Rank of the input tensor: 4 with a batch axis, 3 for torchvision's [3, H, W]. */
  inputRank: 3 | 4;
  classMap: 'coco91' | number[];
  /** Class names by class index, when the class map gave names ("voc", a list of names); absent otherwise. */
  classNames?: string[];
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
  classAgnostic: boolean;
  multiLabel: boolean;
  letterbox: boolean;
  padValue: number;
  resample: Resample;
  inputName: string;
}

/**
 * Ultralytics validation settings (conf 0.001, IoU 0.6 for v5 / 0.7 for v8, 300 boxes,
 * multi-label): the ones its published mAP figures use. torchvision graphs do their own NMS.
 */
const FORMAT_DEFAULTS: Record<DetectorFormat, Pick<DetectorSettings, 'scoreThreshold' | 'iouThreshold' | 'maxDetections' | 'letterbox' | 'multiLabel'> & { classMap: 'coco80' | 'coco91' }> = {
  yolov5: { scoreThreshold: 0.001, iouThreshold: 0.6, maxDetections: 300, letterbox: true, multiLabel: true, classMap: 'coco80' },
  yolov8: { scoreThreshold: 0.001, iouThreshold: 0.7, maxDetections: 300, letterbox: true, multiLabel: true, classMap: 'coco80' },
  torchvision: { scoreThreshold: 0, iouThreshold: 1, maxDetections: 100, letterbox: false, multiLabel: false, classMap: 'coco91' },
};

function staticSize(input: TensorInfo, layout: Layout, rank: number): [number | null, number | null] {
  const d = input.dims;
  if (!d || d.length !== rank) return [null, null];
  const offset = rank === 4 ? 1 : 0;
  return layout === 'nchw' ? [d[offset + 2], d[offset + 1]] : [d[offset + 1], d[offset]];
}

export function resolveDetectorSettings(given: DetectorConfig, runtime: Runtime, configFile?: string): DetectorSettings {
  const config = withPreset(given, DETECTOR_PRESETS);
  const defaults = FORMAT_DEFAULTS[config.format];
  const input = config.inputName ? runtime.inputs.find((i) => i.name === config.inputName) : runtime.inputs[0];
  if (!input) {
    throw new LossyvisionError('MODEL_LOAD', `expected an input named "${config.inputName}" but the model has: ${runtime.inputs.map((i) => i.name).join(', ')}`, { file: configFile ?? runtime.file, entry: 'inputName' });
  }
  const dims = input.dims;
  const inputRank = config.format === 'torchvision' && dims?.length === 3 ? 3 : 4;
  const channelAxis = inputRank === 4 ? 1 : 0;
  const layout: Layout = config.layout ?? (dims?.[channelAxis] !== 3 && dims?.[dims.length - 1] === 3 ? 'nhwc' : 'nchw');
  const [modelW, modelH] = staticSize(input, layout, inputRank);
  let [width, height]: [number | null, number | null] = typeof config.inputSize === 'number'
    ? [config.inputSize, config.inputSize]
    : config.inputSize ?? [modelW, modelH];
  if (config.inputSize && ((modelW !== null && modelW !== width) || (modelH !== null && modelH !== height))) {
    throw new LossyvisionError('MODEL_LOAD', `input "${input.name}" has shape ${formatDims(dims)} but inputSize is ${width}×${height}`, { file: configFile ?? runtime.file, entry: 'inputSize' });
  }
  if (config.format !== 'torchvision' || config.preset === 'ultralytics') {
    width ??= 640;
    height ??= 640;
  }
  const classMap = config.classMap ?? defaults.classMap;
  const classNames = classMap === 'voc' ? [...VOC_CLASSES] : isNameList(classMap) ? [...classMap] : undefined;
  // torchvision graphs do their own NMS: these fields are YOLO's alone (the schema refuses them).
  const yolo: Partial<YoloConfig> = config.format === 'torchvision' ? {} : config;
  return {
    format: config.format,
    inputWidth: width,
    inputHeight: height,
    scale: config.scale ?? 1 / 255,
    mean: config.mean ?? [0, 0, 0],
    std: config.std ?? [1, 1, 1],
    channelOrder: config.channelOrder ?? 'rgb',
    layout,
    inputRank,
    classMap: classMap === 'coco80' ? [...COCO80_TO_COCO91] : classNames ? classNames.map((_, i) => i + 1) : (classMap as 'coco91' | number[]),
    ...(classNames ? { classNames } : {}),
    scoreThreshold: config.scoreThreshold ?? defaults.scoreThreshold,
    iouThreshold: yolo.iouThreshold ?? defaults.iouThreshold,
    maxDetections: config.maxDetections ?? defaults.maxDetections,
    classAgnostic: yolo.classAgnostic ?? false,
    multiLabel: yolo.multiLabel ?? defaults.multiLabel,
    letterbox: config.letterbox ?? defaults.letterbox,
    padValue: config.padValue ?? 114,
    resample: config.resample ?? 'bilinear',
    inputName: input.name,
  };
}

function isNameList(map: unknown): map is string[] {
  return Array.isArray(map) && map.every((v) => typeof v === 'string');
}

/**
 * The label space a detector config answers in: COCO for coco80 / coco91 (the defaults), the
 * names of "voc" or of a list of names (ids 1, 2, … by class index), or, for a list of numbers,
 * those ids without names (taken as the dataset's own). Kept out of DetectorSettings, whose
 * every field is part of the model hash.
 */
export function detectorLabels(settings: DetectorSettings, configFile?: string): LabelSpace {
  if (settings.classNames) return { name: `the classMap of ${configFile ?? 'the model config'}`, classes: settings.classNames.map((n, i) => [i + 1, n] as const) };
  if (settings.classMap === 'coco91' || isCoco80(settings.classMap)) return COCO_LABELS;
  return { name: `the classMap of ${configFile ?? 'the model config'}`, classes: settings.classMap.map((id) => [id, null] as const) };
}

function isCoco80(map: readonly number[]): boolean {
  return map.length === COCO80_TO_COCO91.length && map.every((id, i) => id === COCO80_TO_COCO91[i]);
}

/** Class index → COCO category id, undefined for classes outside the map. */
export function categoryOf(settings: DetectorSettings, index: number): number | undefined {
  if (settings.classMap === 'coco91') return Number.isInteger(index) && index >= 1 && index <= 90 ? index : undefined;
  return settings.classMap[index];
}

/** Number of classes a YOLO head must have; null when the map does not fix it. */
export function classCount(settings: DetectorSettings): number | null {
  return settings.classMap === 'coco91' ? null : settings.classMap.length;
}

/** Resize (letterbox or stretch, pixel-centre aligned as OpenCV) and normalise. */
export function prepareDetectorInput(image: RgbImage, s: DetectorSettings): { feeds: Record<string, Tensor>; transform: InputTransform } {
  let pixels: Float32Array;
  let transform: InputTransform;
  let width = image.width;
  let height = image.height;
  if (s.inputWidth === null || s.inputHeight === null) {
    pixels = Float32Array.from(image.data);
    transform = { scaleX: 1, scaleY: 1, padLeft: 0, padTop: 0, width, height };
  } else {
    width = s.inputWidth;
    height = s.inputHeight;
    if (s.letterbox) ({ pixels, transform } = letterbox(image, width, height, s.padValue, s.resample));
    else if (s.resample === 'bilinear') ({ pixels, transform } = stretch(image, width, height, true));
    else {
      pixels = resizeImage(image, width, height, s.resample);
      transform = { scaleX: width / image.width, scaleY: height / image.height, padLeft: 0, padTop: 0, width: image.width, height: image.height };
    }
  }
  const tensor = toTensor(pixels, width, height, s, s.layout, s.channelOrder);
  const feed = s.inputRank === 3 ? { dims: tensor.dims.slice(1), data: tensor.data } : tensor;
  return { feeds: { [s.inputName]: feed }, transform };
}
