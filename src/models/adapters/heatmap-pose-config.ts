import { invalidParameter, LossyvisionError } from '../../errors.js';
import { is } from '../../validate.js';
import type { HeatmapPoseOptions } from './heatmap-pose.js';

const FIELDS = ['inputWidth', 'inputHeight', 'keypoints', 'padding', 'scale', 'mean', 'std', 'channelOrder'] as const;

const triple = (v: unknown): v is [number, number, number] => Array.isArray(v) && v.length === 3 && v.every((x) => is.number(x));

/**
 * A top-down heatmap pose model's settings from its model config file and flags: inputWidth,
 * inputHeight, keypoints, padding, scale (default 1/255), mean and std (RGB; default ImageNet's),
 * channelOrder ("rgb" | "bgr"). Unknown fields are refused, so a typo is not silently ignored.
 */
export function parseHeatmapPoseConfig(settings: Record<string, unknown>, file = 'model settings'): HeatmapPoseOptions {
  for (const key of Object.keys(settings)) {
    if (key === 'format' && settings.format === 'heatmap') continue;
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new LossyvisionError('INVALID_FILE', `unknown setting "${key}" for a heatmap pose model, expected one of: format, ${FIELDS.join(', ')}`, { file, entry: key });
    }
  }
  const positiveInt = (name: string): number | undefined => {
    const v = settings[name];
    if (v !== undefined && (!is.integer(v) || v < 1)) throw invalidParameter('positive integer', name, v, { file });
    return v as number | undefined;
  };
  const { padding, scale, mean, std, channelOrder } = settings;
  if (padding !== undefined && (!is.number(padding) || padding <= 0)) throw invalidParameter('positive number', 'padding', padding, { file });
  if (scale !== undefined && (!is.number(scale) || scale <= 0)) throw invalidParameter('positive number', 'scale', scale, { file });
  if (mean !== undefined && !triple(mean)) throw invalidParameter('3 numbers (RGB)', 'mean', mean, { file });
  if (std !== undefined && (!triple(std) || std.some((s) => s <= 0))) throw invalidParameter('3 positive numbers (RGB)', 'std', std, { file });
  if (channelOrder !== undefined && !is.oneOf(channelOrder, ['rgb', 'bgr'] as const)) throw invalidParameter('one of: rgb, bgr', 'channelOrder', channelOrder, { file });
  const normalisation = scale === undefined && mean === undefined && std === undefined
    ? undefined
    : { scale: (scale as number | undefined) ?? 1 / 255, mean: (mean as [number, number, number] | undefined) ?? [0.485, 0.456, 0.406], std: (std as [number, number, number] | undefined) ?? [0.229, 0.224, 0.225] };
  return {
    inputWidth: positiveInt('inputWidth'),
    inputHeight: positiveInt('inputHeight'),
    keypoints: positiveInt('keypoints'),
    padding: padding as number | undefined,
    normalisation,
    channelOrder: channelOrder as 'rgb' | 'bgr' | undefined,
  };
}
