import { conditionsOf } from '../sweep/conditions.js';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { CodecLevels } from '../codecs/levels.js';
import { runActionSweep, streamModel, type ActionProvenance } from '../sweep/action-run.js';
import { storeResults } from '../sweep/store.js';
import type { ModelInfo } from '../sweep/context.js';

/** One model of the study to sweep: its folder, what it was trained on, and its base when retrained. */
export interface StudyActionModel {
  readonly dir: string;
  readonly trainedOn: string;
  readonly retrainedOf?: string;
  /** What reports call it ("ref:two-stream · retrained on h264:45"); each stream adds its own name. */
  readonly name?: string;
}

/**
 * The action study's models through the action sweep engine (`run --task action`'s: each test
 * video decoded once, encoded as a video at each level, its centred clip scored per stream) into
 * one results folder for `lossyvision report`: one run per model in `results.duckdb`. Each stream
 * is its own model row ("<dir> · fusion"), so provenance names models per stream too, a retrained
 * stream pointing at the same stream of its base (`retrainedOf`): the report pairs them.
 */
export async function sweepActionStudyModels(
  models: readonly StudyActionModel[], testSpec: string, testCodecs: readonly CodecLevels[], maxTest: number | undefined, out: string,
  say: (message: string) => void,
): Promise<string> {
  const dir = path.join(out, 'sweep');
  const conditions = conditionsOf(testCodecs);
  for (const m of models) {
    say(`  ${m.trainedOn}: ${m.dir}`);
    const result = await runActionSweep({ data: testSpec, model: m.dir, conditions, clips: 1, maxVideos: maxTest, cacheDir: path.join(dir, 'cache') });
    const [info] = result.provenance.models;
    const perStream: ModelInfo[] = result.model.streams.map((stream) => ({
      id: streamModel(info.id, stream), hash: info.hash,
      provenance: { ...info.provenance, trainedOn: m.trainedOn, ...(m.name === undefined ? {} : { name: streamModel(m.name, stream) }), ...(m.retrainedOf === undefined ? {} : { retrainedOf: streamModel(m.retrainedOf, stream) }) },
    }));
    const provenance: ActionProvenance = { ...result.provenance, models: perStream };
    await storeResults({ ...result, provenance }, dir);
  }
  // The cache only serves a resume; the scores are stored.
  await rm(path.join(dir, 'cache'), { recursive: true, force: true });
  return dir;
}
