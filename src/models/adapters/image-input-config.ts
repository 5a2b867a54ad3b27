import { requireOutputName } from './output-checks.js';
import { readFile } from 'node:fs/promises';
import { parseJsonText } from '../../datasets/coco/json.js';
import { z } from 'zod';
import { LossyvisionError, quote } from '../../errors.js';
import type { Runtime } from '../runtimes/runtime.js';
import type { ChannelOrder, Layout, Normalisation } from '../calculators/to-tensor.js';

/**
 * The input half of a user model config (segmentation, depth, classification): how an image
 * becomes the network's input. Each task's config extends it (segmentation-config.ts, …);
 * flags given on the command line override the file field by field.
 */
const triple = z.tuple([z.number(), z.number(), z.number()]);
const positiveTriple = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);
const size = z.number().int().positive();

export const imageInputFields = {
  inputSize: z.union([size, z.tuple([size, size])]).optional()
    .describe('Network input, a side or [width, height]. Default: the model\'s fixed input shape, else the task\'s default (classification 224, segmentation 512, depth 384).'),
  scale: z.number().positive().optional().describe('Pixel values (0–255) are multiplied by scale, then (v − mean) / std per RGB channel. Default 1/255.'),
  mean: triple.optional().describe('Per-channel mean, RGB, after scale. Default ImageNet\'s [0.485, 0.456, 0.406].'),
  std: positiveTriple.optional().describe('Per-channel standard deviation, RGB, after scale. Default ImageNet\'s [0.229, 0.224, 0.225].'),
  channelOrder: z.enum(['rgb', 'bgr']).optional().describe('Channel order the network expects. Default rgb.'),
  layout: z.enum(['nchw', 'nhwc']).optional().describe('Input layout. Default: from the input shape (channels of 3), else nchw.'),
  inputName: z.string().optional().describe('The input the image is fed to. Default the first.'),
  output: z.string().optional().describe('The output to read. Default the first.'),
};

export type ImageInputConfig = z.infer<z.ZodObject<typeof imageInputFields>>;

/** torchvision's ImageNet statistics, on pixels scaled to 0–1. */
export const IMAGENET_NORMALISATION: Normalisation = { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

export interface ResolvedInput {
  inputName: string;
  width: number;
  height: number;
  norm: Normalisation;
  layout: Layout;
  channelOrder: ChannelOrder;
  output: string;
}

/** Fills the defaults from the graph's declared input (name, layout, fixed size) and ImageNet. */
export function resolveInput(runtime: Runtime, config: ImageInputConfig, defaultSide: number): ResolvedInput {
  const input = config.inputName !== undefined ? runtime.inputs.find((i) => i.name === config.inputName) : runtime.inputs[0];
  if (!input) {
    throw new LossyvisionError('MODEL_LOAD', `expected an input named "${config.inputName}" but the model has: ${runtime.inputs.map((i) => i.name).join(', ')}`, { file: runtime.file });
  }
  const dims = input.dims;
  const layout: Layout = config.layout ?? (dims?.length === 4 && dims[3] === 3 && dims[1] !== 3 ? 'nhwc' : 'nchw');
  const declared = dims?.length === 4 ? (layout === 'nchw' ? [dims[3], dims[2]] : [dims[2], dims[1]]) : [null, null];
  const [width, height] = config.inputSize === undefined
    ? [declared[0] ?? defaultSide, declared[1] ?? defaultSide]
    : typeof config.inputSize === 'number' ? [config.inputSize, config.inputSize] : config.inputSize;
  const output = requireOutputName(runtime, config.output ?? runtime.outputs[0]?.name);
  return {
    inputName: input.name,
    width: width!,
    height: height!,
    norm: {
      scale: config.scale ?? IMAGENET_NORMALISATION.scale,
      mean: config.mean ?? IMAGENET_NORMALISATION.mean,
      std: config.std ?? IMAGENET_NORMALISATION.std,
    },
    layout,
    channelOrder: config.channelOrder ?? 'rgb',
    output,
  };
}

/**
 * Validates a config object against a schema; errors name the file and the field. An unknown
 * field's error lists the fields that do apply (`what`: "format \"yolov8\"", …), so a field of
 * another format or task is caught with the way to fix it.
 */
export function parseModelConfig<T>(schema: z.ZodType<T>, value: unknown, file = 'model config', what?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : '(root)';
  const received = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
  const shown = received !== undefined && issue.code !== 'unrecognized_keys' ? ` but received ${quote(JSON.stringify(received) ?? String(received))}` : '';
  let allowed = '';
  if (issue.code === 'unrecognized_keys') {
    const shape = issue.path.reduce<z.ZodType | undefined>((s, k) => (s instanceof z.ZodObject ? unwrap(s.shape[k as string]) : undefined), schema);
    if (shape instanceof z.ZodObject) allowed = ` (fields${issue.path.length === 0 && what ? ` for ${what}` : ''}: ${Object.keys(shape.shape).join(', ')})`;
  }
  throw new LossyvisionError('INVALID_FILE', `${issue.message}${shown}${allowed}`, { file, entry: field });
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

/** The config file as JSON, unvalidated (the task's schema validates it merged with flags). */
export async function readModelConfigJson(file: string): Promise<Record<string, unknown>> {
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
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new LossyvisionError('INVALID_FILE', 'Expected a JSON object', { file });
  }
  return json as Record<string, unknown>;
}
