import { availableParallelism } from 'node:os';

/**
 * Worker threads to use when the user does not say, per runtime, from `npm run bench`
 * measurements on a 2-core machine (see README, "Speed"):
 * - TF.js wasm runs one inference on one thread, so one worker per core is fastest;
 * - onnxruntime threads one inference itself, so one process with intra-op threads is as fast
 *   and holds one copy of the model.
 */
export function defaultWorkers(models: readonly string[]): number {
  const cores = availableParallelism();
  const tfjs = models.some((m) => m.startsWith('zoo:') || m.endsWith('.json') || !/\.onnx$/i.test(m));
  return tfjs ? Math.max(1, cores) : 1;
}
