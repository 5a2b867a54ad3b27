import { invalidParameter, LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import type { Box } from '../../tasks/detection/types.js';
import { PERSON_CATEGORY_ID } from '../../tasks/pose/keypoint-names.js';
import type { PosePerson } from '../../tasks/pose/types.js';
import { is } from '../../validate.js';
import { decodeHeatmaps } from '../calculators/heatmap-decode.js';
import type { InputTransform } from '../calculators/letterbox.js';
import { boxToCrop, cropAffine, cropToOriginal, type PersonCrop } from '../calculators/person-crop.js';
import { meanKeypointScore } from '../calculators/pose-settings.js';
import { toTensor, type ChannelOrder, type Normalisation } from '../calculators/to-tensor.js';
import { formatDims, toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import type { Adapter, PreparedInput } from './adapter.js';
import { requireOutput, requireShape } from './output-checks.js';

/**
 * Top-down heatmap pose models (SimpleBaseline, HRNet and their ONNX exports):
 * input  [1, 3, H, W] float, one person crop, ImageNet mean/std on 0–1 RGB by default
 * output [1, K, H/4, W/4] one heatmap per keypoint (K = 17 for COCO)
 * The crop is the person box centred, grown to the input's aspect ratio and by 1.25; keypoints
 * are decoded with SimpleBaseline's argmax + quarter-pixel shift and mapped back to the image.
 */
export interface HeatmapPoseOptions {
  /** Default: the graph's declared input size. */
  inputWidth?: number;
  inputHeight?: number;
  /** Default 17 (COCO). */
  keypoints?: number;
  normalisation?: Normalisation;
  channelOrder?: ChannelOrder;
  /** Box growth factor; default 1.25. */
  padding?: number;
}

export const IMAGENET_NORMALISATION: Normalisation = { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

export interface HeatmapPoseAdapter extends Adapter<PosePerson[]> {
  /** The network input for the person in `box` (original pixels), and the crop it shows. */
  prepareBox(image: RgbImage, box: Box): PreparedInput & { crop: PersonCrop };
  /** One person from the heatmaps of `crop`; score = boxScore × mean keypoint score above 0.2 (HRNet). */
  decodePerson(outputs: Record<string, Tensor>, crop: PersonCrop, boxScore: number): PosePerson;
}

/** The crop as an InputTransform: input pixel = x · scale + pad, as letterbox's transforms read. */
function cropTransform(image: RgbImage, crop: PersonCrop, inputWidth: number, inputHeight: number): InputTransform {
  const scaleX = inputWidth / crop.width;
  const scaleY = inputHeight / crop.height;
  return {
    scaleX, scaleY,
    padLeft: inputWidth / 2 - crop.centerX * scaleX,
    padTop: inputHeight / 2 - crop.centerY * scaleY,
    width: image.width, height: image.height,
  };
}

export function heatmapPoseAdapter(runtime: Runtime, options: HeatmapPoseOptions = {}): HeatmapPoseAdapter {
  const input = runtime.inputs[0];
  const output = runtime.outputs[0]?.name;
  if (!input || output === undefined) throw new LossyvisionError('MODEL_LOAD', 'expected a graph with one input and one output', { file: runtime.file });
  const declared = (i: number) => (typeof input.dims?.[i] === 'number' ? (input.dims[i] as number) : undefined);
  const inputWidth = options.inputWidth ?? declared(3);
  const inputHeight = options.inputHeight ?? declared(2);
  if (input.dims !== undefined && input.dims.length !== 4) {
    // Giving inputWidth and inputHeight would not help: this is not a top-down heatmap graph.
    throw new LossyvisionError('MODEL_LOAD',
      `input "${input.name}" is ${formatDims(input.dims)}: a top-down heatmap pose model takes [1, 3, H, W]. ` +
      `A [3, H, W] input is a torchvision graph: Keypoint R-CNN is read with "format": "torchvision" in the model config`, { file: runtime.file });
  }
  if (!is.integer(inputWidth) || !is.integer(inputHeight) || inputWidth < 1 || inputHeight < 1) {
    throw new LossyvisionError('MODEL_LOAD',
      `input "${input.name}" is ${formatDims(input.dims)}: expected [1, 3, H, W] with a fixed size, or give inputWidth and inputHeight`, { file: runtime.file });
  }
  const keypoints = options.keypoints ?? 17;
  if (!is.integer(keypoints) || keypoints < 1) throw invalidParameter('positive integer', 'keypoints', keypoints);
  const padding = options.padding ?? 1.25;
  if (!is.number(padding) || padding <= 0) throw invalidParameter('positive number', 'padding', padding);
  const normalisation = options.normalisation ?? IMAGENET_NORMALISATION;
  const channelOrder = options.channelOrder ?? 'rgb';

  const cropOf = (box: Box) => boxToCrop(box, inputWidth / inputHeight, padding);
  const prepareBox = (image: RgbImage, box: Box): PreparedInput & { crop: PersonCrop } => {
    const crop = cropOf(box);
    const pixels = cropAffine(image, crop, inputWidth, inputHeight);
    const feeds = { [input.name]: toTensor(pixels, inputWidth, inputHeight, normalisation, 'nchw', channelOrder) };
    return { feeds, transform: cropTransform(image, crop, inputWidth, inputHeight), crop };
  };
  const decodePerson = (outputs: Record<string, Tensor>, crop: PersonCrop, boxScore: number): PosePerson => {
    const heatmaps = outputs[output];
    const [hmH, hmW] = [heatmaps.dims[2], heatmaps.dims[3]];
    const peaks = decodeHeatmaps(toNumbers(heatmaps), keypoints, hmH, hmW);
    const flat = peaks.flatMap((p) => [...cropToOriginal(p.x, p.y, crop, hmW, hmH), p.score]);
    return { categoryId: PERSON_CATEGORY_ID, keypoints: flat, score: boxScore * meanKeypointScore(flat) };
  };
  return {
    family: 'heatmap-pose',
    settings: { inputWidth, inputHeight, keypoints, padding, normalisation, channelOrder },
    outputNames: [output],
    prepare: (image) => prepareBox(image, [0, 0, image.width, image.height]),
    check(outputs) {
      requireShape(requireOutput(outputs, output, runtime), output, [1, keypoints, null, null], runtime, 'one heatmap per keypoint');
    },
    // The whole image is the one person box; the transform still knows the image size.
    decode: (outputs, t) => [decodePerson(outputs, cropOf([0, 0, t.width, t.height]), 1)],
    prepareBox,
    decodePerson,
  };
}
