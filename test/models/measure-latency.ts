/**
 * Latency of the built-in detectors and of onnxruntime on a tiny graph.
 * Run: npx tsx test/models/measure-latency.ts   (not a test: timings depend on the machine)
 */
import sharp from 'sharp';
import { loadModel } from '../../src/models/load.js';
import { loadOnnxRuntime } from '../../src/models/runtimes/onnx.js';
import { loadTfjsRuntime } from '../../src/models/runtimes/tfjs.js';
import { humanModelsDir } from '../../src/models/zoo/human-models.js';
import { constantGraph, writeGraph } from './onnx-builder.js';

const RUNS = 10;

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: first calls compile kernels
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
}

const { data, info } = await sharp('demo/photos/astronaut.png').removeAlpha().raw().toBuffer({ resolveWithObject: true });
const image = { width: info.width, height: info.height, data: new Uint8Array(data) };

for (const id of ['zoo:centernet', 'zoo:nanodet']) {
  const model = await loadModel(id);
  const predictMs = await median(() => model.predict(image));
  const rt = await loadTfjsRuntime(`${humanModelsDir()}/${id.slice(4)}.json`);
  const dims = rt.inputs[0].dims!.map((d) => d ?? 1);
  const input = { dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(0.5) };
  const runMs = await median(() => rt.run({ [rt.inputs[0].name]: input }));
  console.log(`${id} (${model.provenance.backend}, ${model.provenance.threads} thread): predict median ${predictMs.toFixed(1)} ms, graph only ${runMs.toFixed(1)} ms`);
  await Promise.all([model.dispose(), rt.dispose()]);
}

const file = writeGraph('yolov8.onnx', constantGraph({ name: 'images', dims: [1, 3, 640, 640] }, [{ name: 'output0', dims: [1, 84, 100], values: new Array(8400).fill(0.01) }]));
for (const threads of [1, 2]) {
  const rt = await loadOnnxRuntime(file, { intraOpNumThreads: threads });
  const input = { dims: [1, 3, 640, 640], data: new Float32Array(3 * 640 * 640) };
  const runMs = await median(() => rt.run({ images: input }));
  const model = await loadModel(file, { config: { format: 'yolov8' }, intraOpNumThreads: threads });
  const predictMs = await median(() => model.predict(image));
  console.log(`onnxruntime tiny [1,84,100] graph, ${threads} thread(s): session.run median ${runMs.toFixed(2)} ms, predict (letterbox 512→640 + decode) ${predictMs.toFixed(1)} ms`);
  await Promise.all([rt.dispose(), model.dispose()]);
}
