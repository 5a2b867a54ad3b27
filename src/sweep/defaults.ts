import { availableParallelism } from 'node:os';

/**
 * Worker threads to use when the user does not say, per runtime:
 * - onnxruntime threads one inference itself (intra-op threads = cores), so one process with
 *   two samples in flight is fastest: measured 8.9 s vs 14.3 s for 2 workers on the bench's
 *   YOLOv5s-sized graph (`npm run bench -- --synthetic-onnx --workers 1,2`);
 * - TF.js wasm runs one inference on one thread per process (its threaded build cannot start
 *   under Node), so only one worker per core can put every core to inference. Bench runs on
 *   the shared, loaded 2-core machine could not show the gain (no core was free); re-measure
 *   on a quiet machine with `npm run bench -- --workers 1,2`.
 */
export function defaultWorkers(models: readonly string[]): number {
  const onnxOnly = models.every((m) => /\.onnx$/i.test(m));
  return onnxOnly ? 1 : Math.max(1, availableParallelism());
}
