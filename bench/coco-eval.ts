/**
 * COCO-scale bbox evaluation: 5 000 images × 100 detections over 80 categories, generated from a
 * fixed seed. Prints the wall time of update (matching) and compute (accumulate + summarize).
 * Run: npm run bench:eval
 */
import { seededRandom } from '../src/random.js';
import { CocoBboxMetric } from '../src/tasks/detection/coco-bbox.js';
import type { Box, DetectionGroundTruth, DetectionPrediction } from '../src/tasks/detection/types.js';

const IMAGES = 5000;
const DETECTIONS = 100;
const CATEGORIES = 80;
const OBJECTS = 7; // COCO val2017 averages 7.3 objects per image

const rand = seededRandom(2020);
const box = (): Box => {
  const w = 4 + rand() * 300;
  const h = 4 + rand() * 300;
  return [rand() * (640 - w), rand() * (480 - h), w, h];
};
const jitter = ([x, y, w, h]: Box): Box => [x + (rand() - 0.5) * 0.2 * w, y + (rand() - 0.5) * 0.2 * h, w * (0.8 + rand() * 0.4), h * (0.8 + rand() * 0.4)];

const data: [DetectionPrediction, DetectionGroundTruth][] = [];
let id = 1;
for (let imageId = 1; imageId <= IMAGES; imageId++) {
  const objects = Array.from({ length: OBJECTS }, () => {
    const bbox = box();
    return { id: id++, categoryId: 1 + Math.floor(rand() * CATEGORIES), bbox, area: bbox[2] * bbox[3] * 0.7, iscrowd: rand() < 0.01 };
  });
  const detections = Array.from({ length: DETECTIONS }, (_, i) => {
    const near = i < 3 * OBJECTS ? objects[i % OBJECTS] : undefined;
    return near
      ? { categoryId: near.categoryId, bbox: jitter(near.bbox), score: rand() }
      : { categoryId: 1 + Math.floor(rand() * CATEGORIES), bbox: box(), score: rand() * 0.5 };
  });
  data.push([{ imageId, detections }, { imageId, width: 640, height: 480, objects }]);
}

const metric = new CocoBboxMetric();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (const [prediction, groundTruth] of data) metric.update(prediction, groundTruth);
const t1 = performance.now();
const stats = metric.compute();
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
console.log(`COCO bbox eval: ${IMAGES} images × ${DETECTIONS} detections, ${CATEGORIES} categories`);
console.log(`  update (match)          ${((t1 - t0) / 1000).toFixed(2)} s`);
console.log(`  compute (accumulate)    ${((t2 - t1) / 1000).toFixed(2)} s`);
console.log(`  total                   ${((t2 - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (wall exceeds CPU when other processes share the cores)`);
console.log(`  AP ${stats.AP?.toFixed(4)}  AP50 ${stats.AP50?.toFixed(4)}  AR100 ${stats.AR100?.toFixed(4)}`);
console.log(`  heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
