import { cpus, hostname, platform, release, totalmem } from 'node:os';
import type { ImageCodec } from '../codecs/codec.js';
import type { Dataset } from '../datasets/dataset.js';
import type { SourceAudit } from '../inspect/source-audit.js';
import { toolVersion } from '../version.js';
import type { ModelInfo } from './context.js';
import { decoderId } from './context.js';
import type { SweepConfig } from './plan.js';
import type { DatasetInfo } from '../tasks/task.js';

/** Everything needed to know where a number came from; stored with every result (`C`: the sweep's configuration). */
export interface Provenance<C = SweepConfig> {
  tool: { name: 'lossyvision'; version: string };
  date: string;
  codecs: Record<string, Record<string, string>>;
  decoder: string;
  models: ModelInfo[];
  /** `categories` and `ignoreIndex` as the metrics were built with, so the report rebuilds the same metrics from stored states. */
  dataset: { path: string; format: string; labelled: boolean; size: number; contentSha256: string; categories?: [number, string][]; ignoreIndex?: number };
  config: C;
  machine: { hostname: string; platform: string; release: string; cpu: string; cores: number; memoryBytes: number; node: string };
  /** What the pristine sources already lost (format, JPEG quality, subsampling, video codec), from a bounded sample; absent when it could not be read. */
  source?: SourceAudit;
}

export function provenanceOf<C = SweepConfig>(
  config: C,
  dataset: Pick<Dataset, 'root' | 'format' | 'labelled' | 'size'> & Partial<DatasetInfo>,
  contentSha256: string,
  models: ModelInfo[],
  codecs: (ImageCodec | undefined)[],
): Provenance<C> {
  const codecVersions: Record<string, Record<string, string>> = {};
  for (const codec of codecs) if (codec) codecVersions[codec.id] = codec.versions();
  return {
    tool: { name: 'lossyvision', version: toolVersion() },
    date: new Date().toISOString(),
    codecs: codecVersions,
    decoder: decoderId(),
    // Label spaces are settings of the adapter, already in the provenance's adapter JSON.
    models: models.map(({ id, hash, provenance }) => ({ id, hash, provenance })),
    dataset: {
      path: dataset.root,
      format: dataset.format,
      labelled: dataset.labelled,
      size: dataset.size,
      contentSha256,
      ...(dataset.categories ? { categories: [...dataset.categories] } : {}),
      ...(dataset.ignoreIndex === undefined ? {} : { ignoreIndex: dataset.ignoreIndex }),
    },
    config,
    machine: machineInfo(),
  };
}

export function machineInfo(): Provenance['machine'] {
  return {
    hostname: hostname(),
    platform: platform(),
    release: release(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    node: process.version,
  };
}

/** What a stored run's metrics were built from (format, categories, ignore index), for rebuilding them from stored states. */
export function storedDatasetInfo(dataset: Partial<Provenance['dataset']> | undefined): DatasetInfo {
  return {
    format: dataset?.format ?? '',
    ...(dataset?.categories ? { categories: new Map(dataset.categories) } : {}),
    ...(dataset?.ignoreIndex === undefined ? {} : { ignoreIndex: dataset.ignoreIndex }),
  };
}
