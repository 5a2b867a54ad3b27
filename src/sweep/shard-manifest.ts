import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LossyvisionError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import type { SampleRecord } from './accumulate.js';
import { experimentId, experimentOf } from './experiment.js';
import type { SweepNotices } from './preflight.js';
import type { SweepConfig } from './plan.js';
import type { SweepResult } from './result.js';
import type { ActionSweepConfig, ActionSweepResult } from './action-run.js';
import { shardLabel, type ShardPart } from './shard.js';

export const MANIFEST_FILE = 'shard.json';
/** One SampleRecord per line, in sample order: large, so apart from the manifest. */
export const RECORDS_FILE = 'shard-samples.jsonl';

/** `shard.json`: what a shard is (its experiment and share) and what `merge` rebuilds the result from. */
export interface ShardManifest {
  readonly kind: 'lossyvision-shard';
  readonly version: 1;
  readonly experimentId: string;
  readonly experiment: Record<string, unknown>;
  readonly shard: string;
  readonly host: string;
  readonly pid: number;
  readonly finished: string;
  readonly tool: { name: string; version: string };
  readonly codecs: Record<string, Record<string, string>>;
  readonly config: SweepConfig | (ActionSweepConfig & { readonly task: 'action' });
  readonly models: { id: string; hash: string; provenance: Record<string, string> }[];
  readonly reference: boolean;
  readonly dataset: ShardPart['dataset'];
  readonly notices: SweepNotices;
  /** What `planned` and `samples` list: sample ids (absent), or video ids (video data, whose frames are the samples). */
  readonly unit?: 'video';
  readonly planned: readonly string[];
  /** The sample (or video) ids this shard covered, in order. */
  readonly samples: readonly string[];
  readonly sources: readonly (string | null)[];
  readonly stats: { wallMs: number; startupMs: number; encodes: number; predictions: number };
}

/** Writes `shard.json` and `shard-samples.jsonl` into a shard's results folder. */
export async function writeShard(result: SweepResult | ActionSweepResult, outDir: string): Promise<string> {
  const part = result.shard;
  if (!part) throw new Error('writeShard: not a shard result');
  const experiment = experimentOf(result.config);
  const manifest: ShardManifest = {
    kind: 'lossyvision-shard',
    version: 1,
    experimentId: experimentId(experiment),
    experiment,
    shard: shardLabel(part.spec),
    host: hostname(),
    pid: process.pid,
    finished: new Date().toISOString(),
    tool: result.provenance.tool,
    codecs: result.provenance.codecs,
    config: result.config,
    models: result.models.map(({ id, hash, provenance }) => ({ id, hash, provenance })),
    reference: result.reference !== undefined,
    dataset: part.dataset,
    notices: part.notices,
    ...(part.unit ? { unit: part.unit } : {}),
    planned: part.planned,
    samples: part.covered ?? part.records.map((r) => r.sampleId),
    sources: part.sources,
    stats: statsOf(result),
  };
  await writeFileAtomic(join(outDir, RECORDS_FILE), part.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  // The manifest last: a folder with a shard.json is a finished shard.
  const path = join(outDir, MANIFEST_FILE);
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return path;
}

/** Action sweeps count video × level outcomes computed (each an encode and its clips' inference). */
function statsOf(result: SweepResult | ActionSweepResult): ShardManifest['stats'] {
  const { stats } = result;
  if ('startupMs' in stats) return { wallMs: stats.wallMs, startupMs: stats.startupMs, encodes: stats.computed.encodes, predictions: stats.computed.predictions };
  return { wallMs: stats.wallMs, startupMs: 0, encodes: stats.computed, predictions: stats.computed };
}

export async function readManifest(dir: string): Promise<ShardManifest> {
  const path = join(dir, MANIFEST_FILE);
  let manifest: ShardManifest;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as ShardManifest;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LossyvisionError('FILE_NOT_FOUND', `no ${MANIFEST_FILE}: not a finished shard (run it with lossyvision run … --shard K/N --out ${dir})`, { file: dir });
    throw new LossyvisionError('INVALID_FILE', `not a shard manifest: ${error instanceof Error ? error.message : String(error)}`, { file: path });
  }
  if (manifest?.kind !== 'lossyvision-shard' || manifest.version !== 1) {
    throw new LossyvisionError('INVALID_FILE', 'expected a lossyvision shard manifest (kind "lossyvision-shard", version 1)', { file: path });
  }
  return manifest;
}

/** A shard's sample records, one line at a time (100 000 of them must not need one big string). */
export async function* readRecords(dir: string): AsyncGenerator<SampleRecord> {
  const path = join(dir, RECORDS_FILE);
  let line = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      let record: SampleRecord;
      try {
        record = JSON.parse(text) as SampleRecord;
      } catch (error) {
        throw new LossyvisionError('INVALID_FILE', `not JSON: ${error instanceof Error ? error.message : String(error)}`, { file: path, entry: `line ${line}` });
      }
      if (typeof record?.sampleId !== 'string' || typeof record.position !== 'number') {
        throw new LossyvisionError('INVALID_FILE', 'expected a sample record with "sampleId" and "position"', { file: path, entry: `line ${line}` });
      }
      yield record;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new LossyvisionError('FILE_NOT_FOUND', `missing beside ${MANIFEST_FILE}`, { file: path });
    throw error;
  } finally {
    lines.close();
  }
}
