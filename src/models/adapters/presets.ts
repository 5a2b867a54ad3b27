import type { Resample } from '../calculators/resize-image.js';

/**
 * Preprocessing presets: the published eval transforms of the frameworks users export from,
 * chosen with `"preset"` in a model config. A preset fills fields the config leaves out; every
 * field the config gives wins. Checked against the frameworks' own tensors by
 * scripts/reference/torchvision-preprocess.py (test/models/presets.test.ts).
 */
type Triple = [number, number, number];

const IMAGENET = { scale: 1 / 255, mean: [0.485, 0.456, 0.406] as Triple, std: [0.229, 0.224, 0.225] as Triple };
/** torchvision's video weights (R3D, MC3, R(2+1)D, S3D, MViT, Swin3D): Kinetics-400 statistics. */
const KINETICS = { scale: 1 / 255, mean: [0.43216, 0.394666, 0.37645] as Triple, std: [0.22803, 0.22145, 0.216989] as Triple };
const RAW_0_1 = { scale: 1 / 255, mean: [0, 0, 0] as Triple, std: [1, 1, 1] as Triple };

export const CLASSIFIER_PRESETS = {
  /** ResNet & co. weights' transforms(): Resize(256) + CenterCrop(224) on PIL images (256 = 224 / 0.875). */
  torchvision: { ...IMAGENET, resample: 'pil-bilinear' as Resample },
  /** timm's transforms_imagenet_eval: Resize(floor(size / crop_pct)) bicubic + CenterCrop. */
  timm: { ...IMAGENET, resample: 'pil-bicubic' as Resample, cropPct: 0.875 },
};

export const SEGMENTATION_PRESETS = {
  /**
   * torchvision's SemanticSegmentation(resize_size=520): shorter side 520 on PIL images, aspect
   * kept; the logits are resized back to the image before the argmax.
   */
  torchvision: { ...IMAGENET, resample: 'pil-bilinear' as Resample, resize: 'shorter' as const, resizeSize: 520, logitsResize: 'bilinear' as const },
};

export const VIDEO_PRESETS = {
  /**
   * torchvision's VideoClassification(crop_size=(112, 112), resize_size=(128, 171)) on uint8 frames
   * (the crop is the input size: the graph's, else 112).
   */
  torchvision: { ...KINETICS, resample: 'tensor-bilinear' as Resample, resizeSize: [171, 128] as [number, number] },
};

export const DETECTOR_PRESETS = {
  /** torchvision detectors normalise and resize inside the graph: 0–1 RGB at the image's own size. */
  torchvision: { ...RAW_0_1, letterbox: false },
  /** Ultralytics' LetterBox as `model.predict` runs it: the graph's input size (else 640), cv2 INTER_LINEAR, grey 114, /255. */
  ultralytics: { ...RAW_0_1, letterbox: true, padValue: 114, resample: 'opencv-bilinear' as Resample },
};

/**
 * The config with its preset's fields under its own: the preset fills what the config leaves
 * out (undefined counts as left out), the config wins everywhere else.
 */
export function withPreset<C extends { preset?: string }>(config: C, presets: Readonly<Record<NonNullable<C['preset']>, Partial<C>>>): C {
  if (config.preset === undefined) return config;
  const given = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  return { ...presets[config.preset as NonNullable<C['preset']>], ...given } as C;
}
