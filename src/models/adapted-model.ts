import { createHash } from 'node:crypto';
import type { Adapter } from './adapters/adapter.js';
import type { Model, TaskName } from './model.js';
import { PROBE_IMAGE } from './probe.js';
import type { Runtime } from './runtimes/runtime.js';
import { chargeCpu } from '../timing/cpu-ledger.js';
import { canonicalJson } from '../json.js';

export interface AdaptedModelParts<P> {
  id: string;
  task: TaskName;
  runtime: Runtime;
  adapter: Adapter<P>;
  /** sha256 (hex) of the weight files' bytes, in order. */
  filesSha256: string;
}

/** A model whose outputs were checked at load: one dummy inference through the adapter. */
export async function createAdaptedModel<P>(parts: AdaptedModelParts<P>): Promise<Model<P>> {
  const { runtime, adapter } = parts;
  const settingsJson = canonicalJson({ family: adapter.family, ...adapter.settings });
  const hash = createHash('sha256').update(parts.filesSha256).update('\n').update(settingsJson).digest('hex');
  // The probe's prediction is kept: the sweep checks it against the task without a second
  // inference. A decode that fails is left to the first predict, which reports it as before.
  let probePrediction: P | undefined;
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
  return {
    id: parts.id,
    task: parts.task,
    hash,
    provenance,
    ...(probePrediction === undefined ? {} : { probePrediction }),
    ...(adapter.labels ? { labels: adapter.labels } : {}),
    async predict(image) {
      // CPU ledger phases for the benchmark: what is not the network itself.
      const prepared = chargeCpu('preprocess', () => adapter.prepare(image));
      const outputs = await runtime.run(prepared.feeds, adapter.outputNames);
      return chargeCpu('postprocess', () => {
        adapter.check(outputs);
        return adapter.decode(outputs, prepared.transform);
      });
    },
    dispose: () => runtime.dispose(),
  };
}
