import { availableParallelism } from 'node:os';

/**
 * Worker threads to use when the user does not say: one per core, each onnxruntime session on
 * one intra-op thread (defaultThreads), except ONNX models on CUDA (one worker feeds the GPU).
 * - onnxruntime-node's run() is synchronous: it blocks the JS thread that calls it until the
 *   inference is done, so one worker with two samples in flight cannot overlap one sample's JS
 *   work (resize, SSIM, PSNR, hashing) with the other's inference, and the session's second
 *   intra-op thread idles while that JS work runs. Measured per thread (/proc/<pid>/task, CPU
 *   time, which a loaded machine does not distort) on `npm run bench:peers`' job, 40 images ×
 *   (pristine + 6 JPEG levels), resnet18: 1 worker × 2 threads spent 29.5 / 28.9 s (two runs), of
 *   which 19.3 / 18.6 s on the main thread (onnxruntime's pool thread: 4.4 s), a serial path of
 *   ≥ 18.6 s; 2 workers × 1 thread spent 28.7 / 29.1 s, at most 10.4 / 10.5 s on any thread
 *   (compiled build: main thread 13.6 s of 20.9 s vs at most 8.4 s of 20.9 s). On a loaded machine
 *   (load 2.4–4.7, 6 interleaved compiled runs) both took the same wall and CPU time (23.3 vs
 *   23.5 s, 25.1 vs 24.9 s): the shorter serial path pays only where cores are free.
 *   One intra-op thread is also the cheaper way to run the network: resnet18 at 1 thread
 *   36.9 ms of CPU per image, at 2 threads 43.5 ms (onnxruntime 1.30, this 2-core AMD EPYC).
 * - TF.js wasm runs one inference on one thread per process (its threaded build cannot start
 *   under Node), so only one worker per core can put every core to inference. Measured in CPU
 *   time (`npm run bench -- --max-samples 2 --workers N`, zoo:centernet + zoo:nanodet, 40
 *   inferences): 1 worker puts 11.8 s of its 14.4 s on one thread, a serial path of ≥ 11.8 s;
 *   2 workers spend 18.9 s (each loads its own models: +1.6 s, inference CPU unchanged at
 *   9.0 s) spread over two threads, ≥ 9.5 s on 2 cores.
 * Each worker loads its own models and modules (from source also tsx): about 1–2 s of CPU per
 * worker (`npm run bench -- --synthetic-onnx --workers 1,2`, 6 samples: 9.0 vs 11.2 s), which
 * the shorter serial path repays from a few dozen samples on.
 */
export function defaultWorkers(models: readonly string[], options: { cuda?: boolean } = {}): number {
  // `model.onnx@config.json` is an ONNX model too (the part before the last "@").
  const onnxOnly = models.every((m) => /\.onnx$/i.test(m) || /\.onnx$/i.test(m.slice(0, m.lastIndexOf('@'))));
  return onnxOnly && options.cuda ? 1 : Math.max(1, availableParallelism());
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
 * among the workers, so workers × threads never exceeds them (1 with the default workers; all
 * cores with `--workers 1`, whose threads yield instead of spinning, see runtimes/onnx.ts).
 */
export function defaultThreads(workers: number): number {
  return Math.max(1, Math.floor(availableParallelism() / workers));
}
