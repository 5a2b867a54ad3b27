import { Worker } from 'node:worker_threads';
import type { Dataset } from '../datasets/dataset.js';
import { openWorkbench, type ModelInfo, type WorkerInit } from './context.js';
import { deserializeError, type FromWorker, type ToWorker } from './messages.js';
import { processSample } from './process-sample.js';
import { reasonOf, type SampleOutcome } from './outcome.js';
import type { Cell } from './plan.js';
import type { SamplePart } from './parts.js';
import { chargeCpuAsync } from '../timing/cpu-ledger.js';

/** Runs samples somewhere: in this thread, or on worker threads. */
export interface Executor {
  readonly models: ModelInfo[];
  /** How many samples it can usefully hold at once. */
  readonly slots: number;
  /** One sample, or one part of it (parts.ts). */
  run(position: number, sampleId: string, part?: SamplePart): Promise<SampleOutcome>;
  close(): Promise<void>;
}

/**
 * In the calling thread, two samples in flight: libvips encodes on libuv's pool and
 * onnxruntime infers on its own threads, so one sample's codec work overlaps the other's
 * inference.
 */
export async function inProcessExecutor(init: WorkerInit, dataset: Dataset, onCell: (cell: Cell) => void): Promise<Executor> {
  const bench = await chargeCpuAsync('modelLoad', () => openWorkbench(init, onCell, dataset));
  return {
    models: bench.models,
    slots: 2,
    run: async (position, sampleId, part) => {
      const sample = bench.samples.get(sampleId)!;
      try {
        return await processSample(bench.processor, sample, position, part);
      } catch (error) {
        return failed(position, sampleId, reasonOf(error));
      }
    },
    close: () => bench.dispose(),
  };
}

function failed(position: number, sampleId: string, reason: string): SampleOutcome {
  return {
    position,
    sampleId,
    failure: reason,
    cells: [],
    timings: { decodeMs: 0, encodeMs: 0, inferenceMs: 0, cacheMs: 0 },
    computed: { encodes: 0, predictions: 0 },
  };
}

/**
 * Starts a worker on the entry file: the built .js, or from source (tsx, vitest) the .ts
 * through tsx's loader, registered inside the worker because Node 20 does not carry the
 * parent's `--import` hooks into worker threads.
 */
function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return new Worker(new URL('./worker.js', import.meta.url));
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}

/** One sample (or part of one) at a time per worker thread; each worker loads its own models. */
export async function workerPoolExecutor(init: WorkerInit, count: number, onCell: (cell: Cell) => void): Promise<Executor> {
  const workers: Worker[] = [];
  const waiting = new Map<Worker, { resolve: (o: SampleOutcome) => void; reject: (e: Error) => void }>();
  const idle: Worker[] = [];
  const queue: (() => void)[] = [];
  let broken: Error | undefined;

  // Each model is checked on the probe image by one worker (they all load the same files into
  // the same runtime): one probe inference per model, not per worker (≈ 0.2 s of CPU per TF.js
  // model here), spread over the workers, which load at once.
  const start = (_: unknown, index: number): Promise<ModelInfo[]> =>
    new Promise((resolve, reject) => {
      const mine: WorkerInit = { ...init, probe: { worker: index, of: count } };
      const worker = startWorker();
      workers.push(worker);
      let ready = false;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          ready = true;
          idle.push(worker);
          resolve(message.models);
        } else if (message.type === 'cell') {
          onCell(init.cells[message.cell]);
        } else if (message.type === 'done') {
          const pending = waiting.get(worker);
          waiting.delete(worker);
          idle.push(worker);
          queue.shift()?.();
          pending?.resolve(message.outcome);
        } else if (message.type === 'error') {
          const error = deserializeError(message.error);
          if (!ready) reject(error);
          else fail(worker, error);
        }
      });
      worker.on('error', (error) => (ready ? fail(worker, error) : reject(error)));
      worker.on('exit', (code) => {
        if (code !== 0) {
          const error = new Error(`sweep worker exited with code ${code}`);
          if (!ready) reject(error);
          else fail(worker, error);
        }
      });
      worker.postMessage({ type: 'init', init: mine } satisfies ToWorker);
    });

  const fail = (worker: Worker, error: Error): void => {
    broken ??= error;
    const pending = waiting.get(worker);
    waiting.delete(worker);
    pending?.reject(error);
  };

  let models: ModelInfo[];
  try {
    const infos = await Promise.all(Array.from({ length: count }, start));
    models = infos[0];
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }

  const acquire = async (): Promise<Worker> => {
    while (idle.length === 0) await new Promise<void>((resolve) => queue.push(resolve));
    return idle.shift()!;
  };

  return {
    models,
    slots: count,
    run: async (position, sampleId, part) => {
      if (broken) throw broken;
      const worker = await acquire();
      return new Promise<SampleOutcome>((resolve, reject) => {
        waiting.set(worker, { resolve, reject });
        worker.postMessage({ type: 'sample', position, sampleId, ...(part ? { part } : {}) } satisfies ToWorker);
      });
    },
    close: async () => {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              w.postMessage({ type: 'close' } satisfies ToWorker);
              setTimeout(() => void w.terminate(), 10_000).unref();
            }),
        ),
      );
    },
  };
}
