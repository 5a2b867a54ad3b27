/**
 * COCO-scale evaluation, generated from fixed seeds.
 * - bbox: 5 000 images × 100 detections over 80 categories; wall time of update (matching) and
 *   compute (accumulate + summarize).
 * - keypoints: 5 000 images of 1–4 people (17 keypoints, some unlabelled, some people with none,
 *   1 % crowds) × 20 detections (pycocotools' cap), written as COCO JSON files; lossyvision's
 *   `eval --task pose` path (read, parse, OKS, match, accumulate, summarize) against
 *   pycocotools' COCOeval on the same files and the same span (bench/peers/pycocotools_keypoints.py),
 *   with the ratio and a check that all 10 statistics are identical. pycocotools comes from
 *   /usr/bin/python3 with PYTHONPATH as given; without it that arm is skipped with a message.
 *   It runs first, so lossyvision's side is timed in a process as fresh as pycocotools' one.
 * Run: npm run bench:eval
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/random.js';
import { CocoBboxMetric } from '../src/tasks/detection/coco-bbox.js';
import type { Box, DetectionGroundTruth, DetectionPrediction } from '../src/tasks/detection/types.js';
import { COCO_KEYPOINTS_KEYS } from '../src/tasks/pose/coco-keypoints.js';
import { evaluateCocoKeypointFiles } from '../src/tasks/pose/coco-evaluate-files.js';

const IMAGES = 5000;
const DETECTIONS = 100;
const CATEGORIES = 80;
const OBJECTS = 7; // COCO val2017 averages 7.3 objects per image

/** The bbox benchmark; its data lives only while it runs. */
function bboxBench(): void {
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
}

const PEOPLE_DETECTIONS = 20;
const KEYPOINTS = 17;
/**
 * Writes the keypoint ground truth and results as COCO JSON files; the arrays are garbage once it
 * returns, so neither side is timed with the generator's data on its heap.
 */
function writeKeypointFiles(): { gtFile: string; resultsFile: string; people: number; detections: number } {
  const krand = seededRandom(2017);
  const round2 = (v: number): number => Math.round(v * 100) / 100;
  const images: unknown[] = [];
  const annotations: unknown[] = [];
  const results: unknown[] = [];
  let annotationId = 1;
  for (let imageId = 1; imageId <= IMAGES; imageId++) {
    images.push({ id: imageId, file_name: `${imageId}.jpg`, width: 640, height: 480 });
    const people = Array.from({ length: 1 + Math.floor(krand() * 4) }, () => {
      const w = round2(20 + krand() * 280);
      const h = round2(40 + krand() * 360);
      const x = round2(krand() * (640 - w));
      const y = round2(krand() * (480 - h));
      const unlabelled = krand() < 0.04; // a person with no labelled keypoint: ignored by COCO
      const keypoints = Array.from({ length: KEYPOINTS }, () => {
        const v = unlabelled || krand() < 0.25 ? 0 : krand() < 0.3 ? 1 : 2;
        return v === 0 ? [0, 0, 0] : [round2(x + krand() * w), round2(y + krand() * h), v];
      }).flat();
      const person = { id: annotationId++, image_id: imageId, category_id: 1, bbox: [x, y, w, h], area: round2(w * h * 0.6), iscrowd: krand() < 0.01 ? 1 : 0, keypoints, num_keypoints: keypoints.filter((_, i) => i % 3 === 2 && keypoints[i] > 0).length };
      annotations.push(person);
      return person;
    });
    for (let d = 0; d < PEOPLE_DETECTIONS; d++) {
      const near = d < 2 * people.length ? people[d % people.length] : undefined;
      const [bx, by, bw, bh] = near ? near.bbox : [krand() * 500, krand() * 300, 20 + krand() * 140, 40 + krand() * 180];
      const spread = near ? Math.sqrt(bw * bh) * 0.08 * (0.2 + krand()) : 0;
      const keypoints = Array.from({ length: KEYPOINTS }, (_, k) => {
        const gx = near && near.keypoints[3 * k + 2] > 0 ? near.keypoints[3 * k] : bx + krand() * bw;
        const gy = near && near.keypoints[3 * k + 2] > 0 ? near.keypoints[3 * k + 1] : by + krand() * bh;
        return [round2(gx + (krand() - 0.5) * 2 * spread), round2(gy + (krand() - 0.5) * 2 * spread), 1];
      }).flat();
      results.push({ image_id: imageId, category_id: 1, keypoints, score: round2(near ? 0.3 + 0.7 * krand() : 0.6 * krand()) });
    }
  }
  const folder = join(tmpdir(), 'lossyvision-bench-eval');
  mkdirSync(folder, { recursive: true });
  const gtFile = join(folder, 'person_keypoints.json');
  const resultsFile = join(folder, 'keypoint_results.json');
  const categories = [{ id: 1, name: 'person', supercategory: 'person', keypoints: Array.from({ length: KEYPOINTS }, (_, k) => `k${k}`), skeleton: [] }];
  writeFileSync(gtFile, JSON.stringify({ images, annotations, categories }));
  writeFileSync(resultsFile, JSON.stringify(results));
  return { gtFile, resultsFile, people: annotations.length, detections: results.length };
}

/** The keypoint benchmark against pycocotools, in a process that has not yet run the bbox one. */
async function keypointBench(): Promise<void> {
  const { gtFile, resultsFile, people, detections } = writeKeypointFiles();
  const kcpu0 = process.cpuUsage();
  const k0 = performance.now();
  const report = await evaluateCocoKeypointFiles(gtFile, resultsFile);
  const kwall = (performance.now() - k0) / 1000;
  const kcpuUsed = process.cpuUsage(kcpu0);
  const kcpu = (kcpuUsed.user + kcpuUsed.system) / 1e6;
  console.log(`COCO keypoint eval: ${IMAGES} images, ${people} people, ${detections} detections (${PEOPLE_DETECTIONS} per image), ${KEYPOINTS} keypoints`);
  console.log(`  lossyvision (read, parse, OKS, match, accumulate, summary)   ${kwall.toFixed(2)} s wall, ${kcpu.toFixed(2)} s CPU`);
  console.log(`  AP ${report.metrics.AP?.toFixed(4)}  AP50 ${report.metrics.AP50?.toFixed(4)}  AR ${report.metrics.AR?.toFixed(4)}`);

  const peer = join(fileURLToPath(new URL('.', import.meta.url)), 'peers', 'pycocotools_keypoints.py');
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import pycocotools.cocoeval'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log('  pycocotools: skipped, /usr/bin/python3 cannot import pycocotools (install python3-pycocotools, or put a build on PYTHONPATH)');
  } else {
    const run = spawnSync('/usr/bin/python3', [peer, gtFile, resultsFile], { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (run.status !== 0) throw new Error(`pycocotools failed (exit ${run.status}):\n${run.stderr}`);
    const py = JSON.parse(run.stdout) as { cpu_s: number; wall_s: number; stats: (number | null)[] };
    console.log(`  pycocotools (same span)                                    ${py.wall_s.toFixed(2)} s wall, ${py.cpu_s.toFixed(2)} s CPU`);
    console.log(`  lossyvision is ${(py.cpu_s / kcpu).toFixed(1)}× faster in CPU, ${(py.wall_s / kwall).toFixed(1)}× in wall (goal ≥ 10×)`);
    const differ = COCO_KEYPOINTS_KEYS.filter((key, i) => !Object.is(report.metrics[key] ?? null, py.stats[i]));
    console.log(differ.length === 0
      ? `  statistics: all ${COCO_KEYPOINTS_KEYS.length} identical to pycocotools`
      : `  statistics DIFFER: ${differ.map((key) => `${key} ${report.metrics[key]} vs ${py.stats[COCO_KEYPOINTS_KEYS.indexOf(key)]}`).join(', ')}`);
  }
}

await keypointBench();
bboxBench();
