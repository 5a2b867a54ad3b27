import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LossyvisionError } from '../../errors.js';
import { RESAMPLES } from '../calculators/resize-image.js';

/**
 * The model config file for user detectors (`--model-config model.json`), every field optional
 * except `format`. Flags given on the command line override the file.
 */
const triple = z.tuple([z.number(), z.number(), z.number()]);
const positiveTriple = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);
const size = z.number().int().positive();

export const detectorConfigSchema = z.strictObject({
  format: z.enum(['yolov5', 'yolov8', 'torchvision']),
  /** A framework's input transform (presets.ts): "torchvision" (0–1 RGB, own size) or "ultralytics" (letterbox 640, /255); fields given here override it. */
  preset: z.enum(['torchvision', 'ultralytics']).optional(),
  /** Network input, a side or [width, height]; default from the model's input shape, else 640. */
  inputSize: z.union([size, z.tuple([size, size])]).optional(),
  /** Pixel values are multiplied by scale, then (v − mean) / std per RGB channel. */
  scale: z.number().positive().optional(),
  mean: triple.optional(),
  std: positiveTriple.optional(),
  channelOrder: z.enum(['rgb', 'bgr']).optional(),
  layout: z.enum(['nchw', 'nhwc']).optional(),
  /** Class index → COCO category id: "coco80" (the usual 80), "coco91" (index is the id), or a list. */
  classMap: z.union([z.enum(['coco80', 'coco91']), z.array(z.number().int().min(1)).min(1)]).optional(),
  scoreThreshold: z.number().min(0).max(1).optional(),
  iouThreshold: z.number().min(0).max(1).optional(),
  maxDetections: z.number().int().positive().optional(),
  classAgnostic: z.boolean().optional(),
  /** One candidate per (box, class) above threshold, as Ultralytics validation does. */
  multiLabel: z.boolean().optional(),
  /** Keep the aspect ratio and pad (YOLO); false stretches to the input size. */
  letterbox: z.boolean().optional(),
  padValue: z.number().min(0).max(255).optional(),
  /** How the image is resized (resize-image.ts); default "bilinear" (the ultralytics preset: "opencv-bilinear"). */
  resample: z.enum(RESAMPLES).optional(),
  inputName: z.string().optional(),
  /** YOLO: the output holding predictions; default the first. */
  output: z.string().optional(),
  /** torchvision: output names; default "boxes", "labels", "scores", else the first three. */
  outputs: z.strictObject({ boxes: z.string(), labels: z.string(), scores: z.string() }).optional(),
});

export type DetectorConfig = z.infer<typeof detectorConfigSchema>;
export type DetectorFormat = DetectorConfig['format'];

/** Validates a config object; errors name the file and the field. */
export function parseDetectorConfig(value: unknown, file = 'model config'): DetectorConfig {
  const result = detectorConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : '(root)';
  const received = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
  const shown = received !== undefined && issue.code !== 'unrecognized_keys' ? ` but received ${JSON.stringify(received)}` : '';
  throw new LossyvisionError('INVALID_FILE', `${issue.message}${shown}`, { file, entry: field });
}

export async function readDetectorConfig(file: string): Promise<DetectorConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'INVALID_FILE';
    throw new LossyvisionError(code, `cannot read model config: ${why}`, { file }, { cause: error });
  }
  return parseDetectorConfig(json, file);
}
