import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../files.js';
import { reasonOf } from '../sweep/outcome.js';
import { isTaskName, taskDeclaration } from '../tasks/index.js';
import type { FiftyOneLabel, TaskView } from '../tasks/view.js';
import { toolVersion } from '../version.js';
import type { Analysis } from './analysis.js';
import type { LoadedResults } from './load.js';
import { modelNames } from './model-names.js';
import type { SampleRow } from './samples.js';
import { openSource } from './visuals.js';
import type { FrameStore, VisualLevel } from './visual-source.js';

/** Samples exported when the caller does not say: every level of each is an image on disk. */
export const FIFTYONE_SAMPLES = 100;

export interface FiftyOneExport {
  readonly dir: string;
  /** Sample documents written: one per image × condition (pristine and every level). */
  readonly samples: number;
  /** Model → its FiftyOne field. */
  readonly fields: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

const PRISTINE: VisualLevel = { codec: 'pristine', level: null };
const conditionOf = (at: VisualLevel): string => (at.level === null ? 'pristine' : `${at.codec}:${at.level}`);

/** A FiftyOne field name (a MongoDB key: no dots, no leading `$` or `_`), unique among `taken`. */
export function fieldName(text: string, taken: Set<string>): string {
  const base = text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(?=\d)/, 'm_') || 'model';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

/** JSON with NaN written as Python's `json` reads it (FiftyOne's missing keypoint is [NaN, NaN]); ±Infinity (lossless PSNR) as null. */
function pythonJson(value: unknown): string {
  const token = '\u0000NaN\u0000';
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? token : null) : v));
  return text.replaceAll(JSON.stringify(token), 'NaN');
}

type Doc = Record<string, unknown>;

/**
 * The swept samples as a FiftyOne dataset in its documented `FiftyOneDataset` disk format
 * (`metadata.json`, `samples.json` of `Sample.to_dict()` documents, `data/`), loadable with
 * `fo.Dataset.from_dir(dir, fo.types.FiftyOneDataset)`: one sample per image × condition, the
 * compressed pixels the model saw as PNG, the condition as a tag and as fields (codec, level,
 * bpp, PSNR, SSIM), each model's cached prediction as a label field and its own score on that
 * sample beside it, the ground truth when the data has one. So "show me where the boxes vanished at
 * JPEG 10" is a FiftyOne view. Predictions come from the sweep's cache (as the report's panels).
 */
export async function writeFiftyOne(results: LoadedResults, analysis: Analysis, sampleRows: readonly SampleRow[], dir: string, limit = FIFTYONE_SAMPLES): Promise<FiftyOneExport> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'data'), { recursive: true });
  await mkdir(join(dir, 'labels'), { recursive: true });
  const nameOf = modelNames(results.runs);
  const taken = new Set(['filepath', 'tags', 'metadata', 'id', 'sample', 'condition', 'codec', 'level', 'bpp', 'psnr', 'ssim', 'ground_truth']);
  const fields: Record<string, string> = {};
  const notes: string[] = [];
  const docs = new Map<string, Doc>();
  const order: string[] = [];
  const stems = new Map<string, number>();
  const frames: FrameStore = new Map();
  const scores = new Map(sampleRows.map((r) => [[r.model, r.codec, r.level, r.sample].join('\u0000'), r]));
  let files = 0;

  const write = async (name: string, raster: NonNullable<FiftyOneLabel['raster']> | { width: number; height: number; data: Uint8Array; channels: 3 }): Promise<string> => {
    const channels = 'channels' in raster ? raster.channels : 1;
    const image = sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels } });
    // One band stays one band (class indices, heat values), not grey expanded to RGB.
    await (channels === 1 ? image.toColourspace('b-w') : image).png().toFile(join(dir, name));
    return name;
  };
  const labelOf = async (label: FiftyOneLabel, stem: string): Promise<Record<string, unknown>> => {
    if (!label.raster) return label.label;
    // FiftyOne reads mask_path / map_path as given (only `filepath` is made relative to the folder): absolute.
    return { ...label.label, [label.raster.field]: resolve(dir, await write(`labels/${stem}.png`, label.raster)) };
  };

  for (const model of analysis.models) {
    const view = isTaskName(model.task) ? (taskDeclaration(model.task).view as TaskView | undefined) : undefined;
    if (!view?.fiftyone) {
      notes.push(`${nameOf(model.model)}: task ${model.task} has no FiftyOne label; not exported`);
      continue;
    }
    const field = fieldName(nameOf(model.model), taken);
    fields[model.model] = field;
    const source = await openSource(results, model, frames);
    if (typeof source === 'string') {
      notes.push(`${nameOf(model.model)}: ${source}`);
      continue;
    }
    const levels: VisualLevel[] = [PRISTINE, ...model.codecs.flatMap((c) => c.levels.map((l) => ({ codec: c.codec, level: l.level })))];
    try {
      const chosen = [];
      for await (const sample of source.samples(limit)) chosen.push(sample);
      await source.prepare?.(chosen, levels);
      for (const sample of chosen) {
        for (const at of levels) {
          const key = [model.runId, sample.id, conditionOf(at)].join('\u0000');
          try {
            let doc = docs.get(key);
            if (!doc) {
              const seen = await sample.image(at);
              const index = files++;
              const row = scores.get([model.model, at.codec, at.level, sample.id].join('\u0000'));
              doc = {
                filepath: await write(`data/${index}.png`, { ...seen.image, channels: 3 }),
                tags: [conditionOf(at)],
                metadata: { _cls: 'ImageMetadata', width: seen.image.width, height: seen.image.height, num_channels: 3, mime_type: 'image/png' },
                sample: sample.id, condition: conditionOf(at), codec: at.codec, level: at.level,
                bpp: seen.bpp, psnr: seen.psnr, ssim: row?.ssim ?? null,
              };
              const size = seen.image;
              if (sample.groundTruth !== undefined && view.fiftyoneTruth) {
                const truth = view.fiftyoneTruth(sample.groundTruth, size, source.viewOptions);
                if (truth) doc.ground_truth = await labelOf(truth, `${index}-ground_truth`);
              }
              docs.set(key, doc);
              stems.set(key, index);
              order.push(key);
            }
            const prediction = await sample.prediction(at);
            if (prediction === undefined) continue;
            const metadata = doc.metadata as { width: number; height: number };
            doc[field] = await labelOf(view.fiftyone(prediction, metadata, source.viewOptions), `${stems.get(key)}-${field}`);
            const row = scores.get([model.model, at.codec, at.level, sample.id].join('\u0000'));
            if (row) doc[`${field}_${fieldName(row.metric, new Set())}`] = row.value;
          } catch (error) {
            notes.push(`${nameOf(model.model)} · ${sample.id} · ${conditionOf(at)}: ${reasonOf(error)}`);
          }
        }
      }
    } finally {
      await source.close();
    }
    notes.push(...[...new Set(source.notes)].map((n) => `${nameOf(model.model)}: ${n}`));
  }
  frames.clear();
  const samples = order.map((k) => docs.get(k)!);
  // No "version" key: FiftyOne reads a folder of samples.json without one with its importer of plain Sample.to_dict() documents.
  await writeFileAtomic(join(dir, 'metadata.json'), pythonJson({
    name: 'lossyvision',
    media_type: 'image',
    info: { tool: `lossyvision ${toolVersion()}`, models: Object.fromEntries(Object.entries(fields).map(([id, f]) => [f, nameOf(id)])), notes },
  }));
  await writeFileAtomic(join(dir, 'samples.json'), pythonJson({ samples }));
  return { dir, samples: samples.length, fields, notes };
}
