import sharp from 'sharp';
import { getImageCodec } from '../codecs/registry.js';
import type { ImageCodec } from '../codecs/codec.js';
import type { Dataset, Sample } from '../datasets/dataset.js';
import { openDataset } from '../datasets/open.js';
import { decodeImage } from '../media/decode.js';
import type { Model } from '../models/model.js';
import type { LabelSpace } from '../tasks/detection/label-space.js';
import { getTask } from '../tasks/index.js';
import { SweepCache } from './cache.js';
import { loadModels } from './models.js';
import type { Cell, Condition, SweepConfig } from './plan.js';
import type { ProcessorContext } from './process-sample.js';

/** What a worker (or the calling thread) needs to process samples; plain data, cloneable. */
export interface WorkerInit {
  readonly config: SweepConfig;
  readonly conditions: readonly Condition[];
  readonly cells: readonly Cell[];
  /** This worker's share of the load-time model checks: model i is checked by worker i mod `of` (default: all here). */
  readonly probe?: { readonly worker: number; readonly of: number };
}

export interface ModelInfo {
  readonly id: string;
  readonly hash: string;
  readonly provenance: Record<string, string>;
  /** Detection: the classes it answers in (see Model.labels). */
  readonly labels?: LabelSpace;
}

/** A thread's working set: its own dataset reader, codecs and model instances. */
export interface Workbench {
  readonly processor: ProcessorContext;
  readonly samples: ReadonlyMap<string, Sample>;
  readonly models: ModelInfo[];
  dispose(): Promise<void>;
}

export function decoderId(): string {
  return `sharp ${sharp.versions.sharp ?? ''} libvips ${sharp.versions.vips}`;
}

export function openSweepDataset(config: SweepConfig): Promise<Dataset> {
  return openDataset(config.data, { ...config.datasetOptions, format: config.dataFormat, task: config.task });
}

/** Each condition's codec (undefined for pristine), ready to encode: ffmpeg-backed ones have found ffmpeg. */
export async function resolveCodecs(conditions: readonly Condition[]): Promise<(ImageCodec | undefined)[]> {
  const codecs = conditions.map((c) => (c.level === null ? undefined : getImageCodec(c.codec)));
  for (const codec of new Set(codecs)) await codec?.prepare?.();
  return codecs;
}

/** Samples by id, read through once (the reader holds no pixels). */
export async function indexSamples(dataset: Dataset): Promise<Sample[]> {
  const samples: Sample[] = [];
  for await (const sample of dataset.samples()) samples.push(sample);
  return samples;
}

export async function openWorkbench(init: WorkerInit, onCell?: (cell: Cell) => void, dataset?: Dataset): Promise<Workbench> {
  const { config } = init;
  const task = getTask(config.task);
  const share = init.probe;
  const models: Model[] = await loadModels(config.models, task, config.modelLoader, config.modelOptions, share && ((i) => i % share.of === share.worker));
  try {
    const ds = dataset ?? (await openSweepDataset(config));
    const samples = new Map((await indexSamples(ds)).map((s) => [s.id, s]));
    const processor: ProcessorContext = {
      cache: new SweepCache(config.cacheDir),
      conditions: init.conditions,
      cells: init.cells,
      codecs: await resolveCodecs(init.conditions),
      models,
      decoderId: decoderId(),
      decodeBitstream: (bitstream) => decodeImage(bitstream),
      fidelity: config.fidelity ?? 'full',
      onCell,
    };
    return {
      processor,
      samples,
      models: models.map((m) => ({ id: m.id, hash: m.hash, provenance: m.provenance, ...(m.labels ? { labels: m.labels } : {}) })),
      dispose: async () => {
        await Promise.all(models.map((m) => m.dispose()));
      },
    };
  } catch (error) {
    await Promise.all(models.map((m) => m.dispose().catch(() => undefined)));
    throw error;
  }
}
