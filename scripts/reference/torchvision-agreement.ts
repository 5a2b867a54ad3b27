/**
 * lossyvision's detections of an exported torchvision detector against eager torch's on the same
 * image (recorded by torchvision-agreement.py): each eager detection is matched to an unmatched
 * lossyvision detection of the same label with the highest IoU.
 *
 *   /usr/bin/python3 scripts/reference/torchvision-agreement.py ssdlite /tmp/agree demo/photos/astronaut.png
 *   node --import tsx scripts/reference/torchvision-agreement.ts /tmp/agree/ssdlite
 */
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../src/media/decode.js';
import { loadModel } from '../../src/models/load.js';
import type { Detection } from '../../src/tasks/detection/types.js';

const base = process.argv[2];
const eager = JSON.parse(readFileSync(`${base}.eager.json`, 'utf8')) as { image: string; opset: number; boxes: number[][]; labels: number[]; scores: number[] };
// Keep every detection the graph gives (torchvision's SSD family caps at 200–300, not 100).
const model = await loadModel(`${base}.onnx`, { config: { maxDetections: 1000 } });
const detections = (await model.predict(await decodeImage(eager.image))) as Detection[];
await model.dispose();

const iou = (a: readonly number[], b: readonly number[]): number => {
  const w = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  return (w * h) / (a[2] * a[3] + b[2] * b[3] - w * h);
};
const used = new Set<number>();
const ious: number[] = [];
let scoreDiff = 0;
eager.boxes.forEach((b, i) => {
  const box = [b[0], b[1], b[2] - b[0], b[3] - b[1]];
  let best = -1;
  let bestIou = 0;
  detections.forEach((d, j) => {
    if (used.has(j) || d.categoryId !== eager.labels[i]) return;
    const v = iou(box, d.bbox);
    if (v > bestIou) [best, bestIou] = [j, v];
  });
  if (best < 0) return;
  used.add(best);
  ious.push(bestIou);
  scoreDiff = Math.max(scoreDiff, Math.abs(detections[best].score - eager.scores[i]));
});
const atLeast = ious.filter((v) => v >= 0.95).length;
console.log(JSON.stringify({ model: `${base}.onnx`, opset: eager.opset, eager: eager.boxes.length, lossyvision: detections.length, matchedIoU095: atLeast, minIoU: Math.min(...ious), maxScoreDiff: scoreDiff }));
