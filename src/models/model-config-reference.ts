import { z } from 'zod';
import { LossyvisionError } from '../errors.js';
import { classifierConfigSchema } from './adapters/classifier-config.js';
import { depthConfigSchema } from './adapters/depth-config.js';
import { detectorConfigSchemas } from './adapters/detector-config.js';
import { heatmapPoseConfigSchema } from './adapters/heatmap-pose-config.js';
import { keypointRcnnConfigSchema } from './adapters/keypoint-rcnn-config.js';
import { segmentationConfigSchema } from './adapters/segmentation-config.js';
import { twoStreamConfigSchema } from './adapters/two-stream-config.js';
import { videoClassifierConfigSchema } from './adapters/video-classifier-config.js';

/**
 * Every model config a user model can have, one per task and format: the zod schemas the
 * loaders validate with are the documentation (`lossyvision model-config`, the README's
 * reference, generated from here and kept equal by a test).
 */
export interface ModelConfigKind {
  readonly task: string;
  /** The `format` value, where the task has several. */
  readonly format?: string;
  /** A name for a kind told apart by its fields rather than a `format` (action's two kinds). */
  readonly variant?: string;
  readonly summary: string;
  readonly schema: z.ZodType;
}

export const MODEL_CONFIG_KINDS: readonly ModelConfigKind[] = [
  { task: 'detection', format: 'torchvision', summary: 'torchvision detectors: Faster/Mask/Keypoint R-CNN, RetinaNet, SSD, SSDlite, FCOS. Chosen by itself when the outputs identify as boxes, labels, scores.', schema: detectorConfigSchemas.torchvision },
  { task: 'detection', format: 'yolov8', summary: 'Ultralytics YOLOv8/v9/v11 heads [1, 4 + C, N], NMS by lossyvision.', schema: detectorConfigSchemas.yolov8 },
  { task: 'detection', format: 'yolov5', summary: 'Ultralytics YOLOv5 heads [1, N, 5 + C], NMS by lossyvision.', schema: detectorConfigSchemas.yolov5 },
  { task: 'pose', format: 'torchvision', summary: 'torchvision Keypoint R-CNN. Chosen by itself when the outputs identify as boxes, labels, scores, keypoints, keypoints_scores.', schema: keypointRcnnConfigSchema },
  { task: 'pose', format: 'heatmap', summary: 'Top-down heatmap models (SimpleBaseline, HRNet); the default for other pose graphs.', schema: heatmapPoseConfigSchema },
  { task: 'segmentation', summary: 'Logits [1, C, H, W] (or NHWC), one score channel [1, 1, H, W], or labels [1, H, W].', schema: segmentationConfigSchema },
  { task: 'depth', summary: 'Depth [1, 1, H, W] or [1, H, W], metric or relative inverse depth.', schema: depthConfigSchema },
  { task: 'classification', summary: 'Logits or probabilities [1, C].', schema: classifierConfigSchema },
  { task: 'action', variant: 'video-classifier', summary: 'ONNX video classifiers (`run --task action`).', schema: videoClassifierConfigSchema },
  { task: 'action', variant: 'two-stream', summary: 'A spatial and a temporal network fused late (the config has `spatial` and `temporal`).', schema: twoStreamConfigSchema },
];

const kindName = (k: ModelConfigKind): string | undefined => k.format ?? k.variant;
const kindId = (k: ModelConfigKind): string => (kindName(k) === undefined ? k.task : `${k.task}/${kindName(k)}`);

/** The kinds a `--task` / `--format` filter selects; an unknown one is an error naming the known. */
export function selectModelConfigKinds(filter: { task?: string; format?: string } = {}): ModelConfigKind[] {
  const kinds = MODEL_CONFIG_KINDS.filter((k) => (filter.task === undefined || k.task === filter.task) && (filter.format === undefined || kindName(k) === filter.format));
  if (kinds.length === 0) {
    throw new LossyvisionError('UNKNOWN_ID', `Unknown model config kind ${[filter.task, filter.format].filter(Boolean).join(' / ')}, expected one of: ${MODEL_CONFIG_KINDS.map(kindId).join(', ')}`);
  }
  return kinds;
}

/** JSON Schema (2020-12) of one kind, generated from its zod schema. */
function jsonSchemaOf(kind: ModelConfigKind): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(kind.schema) as Record<string, unknown>;
  const title = `lossyvision model config: ${kind.task}${kind.format ? `, format ${kind.format}` : kind.variant ? `, ${kind.variant}` : ''}`;
  return { title, description: kind.summary, ...schema };
}

/** One kind's schema, or every kind's under `$defs` with an `anyOf` of them. */
export function modelConfigJsonSchema(filter: { task?: string; format?: string } = {}): Record<string, unknown> {
  const kinds = selectModelConfigKinds(filter);
  const $schema = 'https://json-schema.org/draft/2020-12/schema';
  if (kinds.length === 1) return { $schema, ...jsonSchemaOf(kinds[0]) };
  return {
    $schema,
    title: 'lossyvision model config',
    description: 'The --model-config JSON of a user model; one schema per task and format.',
    $defs: Object.fromEntries(kinds.map((k) => [kindId(k), jsonSchemaOf(k)])),
    anyOf: kinds.map((k) => ({ $ref: `#/$defs/${kindId(k)}` })),
  };
}

type JsonSchema = Record<string, unknown>;

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (Array.isArray(s.anyOf)) return (s.anyOf as JsonSchema[]).map(typeOf).join(' or ');
  if (s.type === 'array') {
    if (Array.isArray(s.prefixItems)) return `[${(s.prefixItems as JsonSchema[]).map(typeOf).join(', ')}]`;
    return `${typeOf(s.items as JsonSchema)}[]`;
  }
  if (s.type === 'number' || s.type === 'integer') {
    const big = (v: unknown) => typeof v === 'number' && Math.abs(v) >= Number.MAX_SAFE_INTEGER;
    const max = s.maximum !== undefined && !big(s.maximum) ? String(s.maximum) : undefined;
    if (s.minimum !== undefined && !big(s.minimum) && max !== undefined) return `${s.type} ${String(s.minimum)}–${max}`;
    const min = s.exclusiveMinimum !== undefined ? `> ${String(s.exclusiveMinimum)}` : s.minimum !== undefined && !big(s.minimum) ? `≥ ${String(s.minimum)}` : '';
    return [s.type, min, max === undefined ? '' : `≤ ${max}`].filter(Boolean).join(' ');
  }
  return String(s.type ?? 'any');
}

/** Table rows of an object schema, nested objects' fields as `outer.inner`. */
function rows(schema: JsonSchema, prefix = ''): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([name, s]) => {
    const field = `${prefix}${name}`;
    const meaning = `${required.has(name) ? '**Required.** ' : ''}${String(s.description ?? '')}`.replace(/\|/g, '\\|');
    const row = `| \`${field}\` | ${s.type === 'object' ? 'object' : typeOf(s)} | ${meaning} |`;
    return s.type === 'object' ? [row, ...rows(s, `${field}.`)] : [row];
  });
}

/** The reference as Markdown: one table per task and format. */
export function modelConfigMarkdown(filter: { task?: string; format?: string } = {}): string {
  return selectModelConfigKinds(filter).map((kind) => {
    const schema = z.toJSONSchema(kind.schema) as JsonSchema;
    const heading = `**${kind.task}${kind.format ? `, \`"format": "${kind.format}"\`` : kind.variant ? `: ${kind.variant}` : ''}** — ${kind.summary}`;
    return [heading, '', '| field | type | meaning |', '|---|---|---|', ...rows(schema)].join('\n');
  }).join('\n\n') + '\n';
}

/** Fields without a description, as `task/format: field` (the reference must explain every one). */
export function undocumentedFields(): string[] {
  const missing: string[] = [];
  const walk = (id: string, schema: JsonSchema, prefix: string): void => {
    for (const [name, s] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
      if (typeof s.description !== 'string' || s.description.trim() === '') missing.push(`${id}: ${prefix}${name}`);
      if (s.type === 'object') walk(id, s, `${prefix}${name}.`);
    }
  };
  for (const kind of MODEL_CONFIG_KINDS) walk(kindId(kind), z.toJSONSchema(kind.schema) as JsonSchema, '');
  return missing;
}

const BEGIN = '<!-- model-config reference: generated by `npm run docs:model-config` from the zod schemas; do not edit by hand -->';
const END = '<!-- end of model-config reference -->';

/** The README with its model config reference block regenerated (what the docs script writes, what the test compares). */
export function withModelConfigReference(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${BEGIN} … ${END} block`);
  return `${readme.slice(0, start + BEGIN.length)}\n\n${modelConfigMarkdown()}\n${readme.slice(end)}`;
}
