import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { openWorkbench, type Workbench } from './context.js';
import { serializeError, type FromWorker, type ToWorker } from './messages.js';
import { processSample } from './process-sample.js';
import { reasonOf } from './outcome.js';
import { chargeCpuAsync } from '../timing/cpu-ledger.js';

/**
 * One sweep worker thread: its own dataset reader and model instances; it processes the
 * samples the main thread sends, one at a time, and answers with plain outcomes.
 */
const port = parentPort!;
// Each worker owns one core: libvips' own thread pool would only fight the other worker.
sharp.concurrency(1);
let bench: Workbench | undefined;
const post = (message: FromWorker): void => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  void handle(message).catch((error) => post({ type: 'error', error: serializeError(error) }));
});

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'init') {
    bench = await chargeCpuAsync('modelLoad', () => openWorkbench(message.init, (cell) => post({ type: 'cell', cell: cell.index })));
    post({ type: 'ready', models: bench.models });
  } else if (message.type === 'sample') {
    const sample = bench!.samples.get(message.sampleId);
    if (!sample) throw new Error(`worker has no sample ${message.sampleId}`);
    const outcome = await processSample(bench!.processor, sample, message.position, message.part).catch((error) => ({
      position: message.position,
      sampleId: message.sampleId,
      failure: reasonOf(error),
      cells: [],
      timings: { decodeMs: 0, encodeMs: 0, inferenceMs: 0, cacheMs: 0 },
      computed: { encodes: 0, predictions: 0 },
    }));
    post({ type: 'done', outcome });
  } else {
    await bench?.dispose();
    port.close();
  }
}
