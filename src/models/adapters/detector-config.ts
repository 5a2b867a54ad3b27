import { readFile } from 'node:fs/promises';
import { parseJsonText } from '../../datasets/coco/json.js';
import { z } from 'zod';
import { LossyvisionError, quote } from '../../errors.js';
import { RESAMPLES } from '../calculators/resize-image.js';
import { parseModelConfig } from './image-input-config.js';

/**
 * The model config file for user detectors (`--model-config model.json`): one schema per
 * `format`, every field optional but `format`. A field of another format is an error, not
 * silently ignored. Flags given on the command line override the file.
 */
const triple = z.tuple([z.number(), z.number(), z.number()]);
const positiveTriple = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);
const size = z.number().int().positive();

/** Fields every detector format reads. */
const commonFields = {
  inputSize: z.union([size, z.tuple([size, size])]).optional()
    .describe('Network input, a side or [width, height]. Default: the model\'s fixed input shape, else 640 (YOLO) or the image\'s own size (torchvision).'),
  scale: z.number().positive().optional().describe('Pixel values (0–255) are multiplied by scale, then (v − mean) / std per RGB channel. Default 1/255.'),
  mean: triple.optional().describe('Per-channel mean, RGB, after scale. Default [0, 0, 0].'),
  std: positiveTriple.optional().describe('Per-channel standard deviation, RGB, after scale. Default [1, 1, 1].'),
  channelOrder: z.enum(['rgb', 'bgr']).optional().describe('Channel order the network expects. Default rgb.'),
  layout: z.enum(['nchw', 'nhwc']).optional().describe('Input layout. Default: from the input shape (channels of 3), else nchw.'),
  classMap: z.union([z.enum(['coco80', 'coco91', 'voc']), z.array(z.number().int().min(1)).min(1), z.array(z.string().min(1)).min(1)]).optional()
    .describe('Class index → class: "coco80" (the usual 80 COCO classes), "coco91" (the index is the COCO id), "voc" (VOC\'s 20 in devkit order), a list of class names (mapped by name onto any dataset\'s categories), or a list of the dataset\'s own category ids. Default coco80 (YOLO), coco91 (torchvision).'),
  scoreThreshold: z.number().min(0).max(1).optional().describe('Detections scoring at or below this are dropped. Default 0.001 (YOLO, Ultralytics validation), 0 (torchvision: the graph thresholds).'),
  maxDetections: z.number().int().positive().optional().describe('Most detections kept per image, best first. Default 300 (YOLO), 100 (torchvision).'),
  letterbox: z.boolean().optional().describe('Keep the aspect ratio and pad to inputSize; false stretches. Default true (YOLO), false (torchvision).'),
  padValue: z.number().min(0).max(255).optional().describe('Letterbox padding, 0–255. Default 114.'),
  inputName: z.string().optional().describe('The input the image is fed to. Default the first.'),
  preset: z.enum(['torchvision', 'ultralytics']).optional()
    .describe('A framework\'s input transform (presets.ts): "torchvision" (0–1 RGB at the image\'s own size) or "ultralytics" (letterbox 640, /255, OpenCV\'s resize); fields given here override it.'),
  resample: z.enum(RESAMPLES).optional().describe('How the image is resized (resize-image.ts). Default "bilinear" (the ultralytics preset: "opencv-bilinear").'),
};

/** Ultralytics heads: the graph ends before NMS. */
const yoloFields = {
  iouThreshold: z.number().min(0).max(1).optional().describe('NMS IoU threshold. Default 0.6 (yolov5), 0.7 (yolov8), as Ultralytics validation.'),
  classAgnostic: z.boolean().optional().describe('NMS across classes. Default false.'),
  multiLabel: z.boolean().optional().describe('One candidate per (box, class) above the threshold, as Ultralytics validation does. Default true.'),
  output: z.string().optional().describe('The output holding the predictions. Default the first.'),
};

const detectionRoles = {
  boxes: z.string().describe('The output holding boxes [N, 4] (x1, y1, x2, y2).'),
  labels: z.string().describe('The output holding labels [N] (int64 class ids).'),
  scores: z.string().describe('The output holding scores [N].'),
};

export const DETECTOR_FORMATS = ['yolov5', 'yolov8', 'torchvision'] as const;
export type DetectorFormat = (typeof DETECTOR_FORMATS)[number];

export const detectorConfigSchemas = {
  yolov5: z.strictObject({
    format: z.literal('yolov5').describe('YOLOv5 head [1, N, 5 + C]: box, objectness, class scores.'),
    ...commonFields,
    ...yoloFields,
  }),
  yolov8: z.strictObject({
    format: z.literal('yolov8').describe('YOLOv8/v9/v11 head [1, 4 + C, N]: box, class scores.'),
    ...commonFields,
    ...yoloFields,
  }),
  torchvision: z.strictObject({
    format: z.literal('torchvision').describe('torchvision detection graphs (Faster/Mask/Keypoint R-CNN, RetinaNet, SSD, SSDlite, FCOS): NMS inside the graph.'),
    ...commonFields,
    outputs: z.strictObject(detectionRoles).optional()
      .describe('Which output is which. Default: found by element type and shape (labels int64 [N], scores float [N], boxes float [N, 4]), names breaking ties.'),
  }),
} satisfies Record<DetectorFormat, z.ZodType>;

export const detectorConfigSchema = z.discriminatedUnion('format', [detectorConfigSchemas.yolov5, detectorConfigSchemas.yolov8, detectorConfigSchemas.torchvision]);

export type DetectorConfig = z.infer<typeof detectorConfigSchema>;
export type YoloConfig = z.infer<(typeof detectorConfigSchemas)['yolov8']> | z.infer<(typeof detectorConfigSchemas)['yolov5']>;
export type TorchvisionDetectorConfig = z.infer<(typeof detectorConfigSchemas)['torchvision']>;
/** Settings as flags and library callers give them: any format's fields, checked when parsed. */
export type DetectorConfigInput = { format?: DetectorFormat } & Partial<Omit<YoloConfig, 'format'>> & Partial<Omit<TorchvisionDetectorConfig, 'format'>>;

/** Validates a config object against its format's schema; errors name the file and the field. */
export function parseDetectorConfig(value: unknown, file = 'model config'): DetectorConfig {
  const format = (value as { format?: unknown } | null)?.format;
  const schema = typeof format === 'string' ? (detectorConfigSchemas as Record<string, z.ZodType<DetectorConfig>>)[format] : undefined;
  if (!schema) {
    const received = format === undefined ? '' : ` but received ${quote(JSON.stringify(format) ?? String(format))}`;
    throw new LossyvisionError('INVALID_FILE', `Expected "format" to be one of ${DETECTOR_FORMATS.map((f) => `"${f}"`).join(', ')}${received}`, { file, entry: 'format' });
  }
  return parseModelConfig(schema, value, file, `format "${format}"`);
}

export async function readDetectorConfig(file: string): Promise<DetectorConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'INVALID_FILE';
    throw new LossyvisionError(code, `cannot read model config: ${why}`, { file }, { cause: error });
  }
  // Bad JSON: the line and column, not V8's echo of the file.
  const json = parseJsonText(text, file);
  return parseDetectorConfig(json, file);
}
