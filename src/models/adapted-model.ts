import { createHash } from 'node:crypto';
import type { Adapter, PreparedInput } from './adapters/adapter.js';
import type { Model, TaskName } from './model.js';
import type { RgbImage } from '../media/image.js';
import { LossyvisionError } from '../errors.js';
import { PROBE_IMAGE } from './probe.js';
import type { Runtime } from './runtimes/runtime.js';
import { chargeCpu } from '../timing/cpu-ledger.js';
import { canonicalJson } from '../json.js';
import { DEFAULT_BATCH, splitOutputs, stackable, stackFeeds } from './batch.js';

export interface AdaptedModelParts<P> {
  id: string;
  task: TaskName;
  runtime: Runtime;
  adapter: Adapter<P>;
  /** sha256 (hex) of the weight files' bytes, in order. */
  filesSha256: string;
  /** Most images per inference call where the graph takes a dynamic batch; default DEFAULT_BATCH. */
  batch?: number;
  /** false: no load-time check inference (another thread has checked the same files); default true. */
  probe?: boolean;
}

/** A model whose outputs were checked at load (unless `probe` is false): one dummy inference through the adapter. */
export async function createAdaptedModel<P>(parts: AdaptedModelParts<P>): Promise<Model<P>> {
  const { runtime, adapter } = parts;
  const settingsJson = canonicalJson({ family: adapter.family, ...adapter.settings });
  const hash = createHash('sha256').update(parts.filesSha256).update('\n').update(settingsJson).digest('hex');
  // The probe's prediction is kept: the sweep checks it against the task without a second
  // inference. A decode that fails is left to the first predict, which reports it as before.
  let probePrediction: P | undefined;
  if (parts.probe !== false) {
    try {
      const prepared = adapter.prepare(PROBE_IMAGE);
      const outputs = await runtime.run(prepared.feeds, adapter.outputNames);
      adapter.check(outputs);
      try {
        probePrediction = adapter.decode(outputs, prepared.transform);
      } catch {
        probePrediction = undefined;
      }
    } catch (error) {
      await runtime.dispose();
      throw error;
    }
  }
  const provenance: Record<string, string> = {
    model: parts.id,
    modelFile: runtime.file,
    modelSha256: parts.filesSha256,
    runtime: runtime.name,
    runtimeVersion: runtime.version,
    backend: runtime.backend,
    threads: String(runtime.threads),
    adapter: settingsJson,
  };
  const batchSize = runtime.dynamicBatch ? Math.max(1, parts.batch ?? DEFAULT_BATCH) : 1;
  if (batchSize > 1) provenance.batch = String(batchSize);
  const infer = async (prepared: PreparedInput): Promise<P> => {
    const outputs = await runtime.run(prepared.feeds, adapter.outputNames);
    return chargeCpu('postprocess', () => {
      adapter.check(outputs);
      return adapter.decode(outputs, prepared.transform);
    });
  };
  // CPU ledger phases for the benchmark: what is not the network itself.
  const predict = (image: RgbImage): Promise<P> => infer(chargeCpu('preprocess', () => adapter.prepare(image)));
  return {
    id: parts.id,
    task: parts.task,
    hash,
    provenance,
    ...(probePrediction === undefined ? {} : { probePrediction }),
    ...(adapter.labels ? { labels: adapter.labels } : {}),
    predict,
    batchSize,
    ...(batchSize > 1 ? {
      async predictBatch(images: readonly RgbImage[]): Promise<P[]> {
        const prepared = chargeCpu('preprocess', () => images.map((image) => adapter.prepare(image)));
        const feeds = prepared.map((p) => p.feeds);
        // Inputs of different shapes (an adapter that keeps each image's size) go one by one.
        if (!stackable(feeds)) return sequentially(prepared, infer);
        const outputs = await runtime.run(chargeCpu('preprocess', () => stackFeeds(feeds)), adapter.outputNames);
        const each = splitOutputs(outputs, images.length);
        if (!each) throw new LossyvisionError('MODEL_OUTPUT', `a batch of ${images.length} images gave outputs whose dimension 0 is not ${images.length}, though the graph declares it the batch axis; run with --batch 1`, { file: runtime.file });
        return chargeCpu('postprocess', () => each.map((o, i) => {
          adapter.check(o);
          return adapter.decode(o, prepared[i].transform);
        }));
      },
    } : {}),
    dispose: () => runtime.dispose(),
  };
}

/** One input after another: the same predictions as a batch, in order. */
async function sequentially<P>(inputs: readonly PreparedInput[], infer: (input: PreparedInput) => Promise<P>): Promise<P[]> {
  const out: P[] = [];
  for (const input of inputs) out.push(await infer(input));
  return out;
}
