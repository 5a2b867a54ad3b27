import { availableParallelism } from 'node:os';

/**
 * Worker threads to use when the user does not say, per runtime:
 * - onnxruntime threads one inference itself (intra-op threads = cores), so one process with
 *   two samples in flight is fastest: measured 8.9 s vs 14.3 s for 2 workers on the bench's
 *   YOLOv5s-sized graph (`npm run bench -- --synthetic-onnx --workers 1,2`);
 * - TF.js wasm runs one inference on one thread per process (its threaded build cannot start
 *   under Node), so only one worker per core can put every core to inference. Measured in CPU
 *   time, which a loaded machine does not distort (`npm run bench -- --max-samples 2 --workers
 *   N`, zoo:centernet + zoo:nanodet, 40 inferences): 1 worker puts 11.8 s of its 14.4 s on one
 *   thread, a serial path of ≥ 11.8 s; 2 workers spend 18.9 s (each loads its own models:
 *   +1.6 s, inference CPU unchanged at 9.0 s) spread over two threads, ≥ 9.5 s on 2 cores.
 *   The more samples, the wider the gap, as model loading is paid once per worker.
 */
export function defaultWorkers(models: readonly string[]): number {
  // `model.onnx@config.json` is an ONNX model too (the part before the last "@").
  const onnxOnly = models.every((m) => /\.onnx$/i.test(m) || /\.onnx$/i.test(m.slice(0, m.lastIndexOf('@'))));
  return onnxOnly ? 1 : Math.max(1, availableParallelism());
}

/** What `run` uses when a flag is not given; the library's `sweep()` uses the same. */
export const SWEEP_DEFAULTS = {
  task: 'detection',
  out: 'results',
  seed: 0,
  /** Unlabelled data: pristine predictions scoring at least this are the ground truth. */
  referenceThreshold: 0.5,
} as const;

/**
 * onnxruntime intra-op threads per model instance when the user does not say: the cores shared
 * among the workers, so workers × threads never exceeds them. (Its threads also yield instead of
 * spinning, see runtimes/onnx.ts, so the second sample in flight in a worker gets a core too.)
 */
export function defaultThreads(workers: number): number {
  return Math.max(1, Math.floor(availableParallelism() / workers));
}
