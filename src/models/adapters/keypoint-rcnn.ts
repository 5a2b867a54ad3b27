import type { PosePerson } from '../../tasks/pose/types.js';
import { PERSON_CATEGORY_ID } from '../../tasks/pose/keypoint-names.js';
import { toOriginalBox } from '../calculators/rescale.js';
import { toNumbers, type Runtime } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import { prepareDetectorInput, resolveDetectorSettings } from './detector-settings.js';
import type { KeypointRcnnConfig } from './keypoint-rcnn-config.js';
import { requireOutput, requireShape } from './output-checks.js';
import { identifyOutputs, KEYPOINT_ROLES } from './torchvision-outputs.js';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * torchvision's Keypoint R-CNN exported with torch.onnx: input [3, H, W] in 0–1 (the graph
 * resizes and normalises), outputs boxes [N, 4], labels [N] (1 = person), scores [N],
 * keypoints [N, K, 3] (x, y, 1 in input pixels), keypoints_scores [N, K].
 * One person per box: its score is the box score (what torchvision's COCO evaluation ranks by),
 * its box is kept, so COCO evaluation takes the area from it as pycocotools' loadRes does, and
 * each keypoint's score is the logistic of torchvision's heatmap logit, in 0–1 as every other
 * pose model's (drawing and reference-mode thresholds read it; OKS does not).
 */
export function keypointRcnnAdapter(runtime: Runtime, config: KeypointRcnnConfig, configFile?: string): Adapter<PosePerson[]> {
  const { outputs: configured, ...input } = config;
  const s = resolveDetectorSettings({ ...input, format: 'torchvision' }, runtime, configFile);
  const outputs = identifyOutputs(runtime.outputs, KEYPOINT_ROLES, configured, {
    file: runtime.file, configFile, what: 'Keypoint R-CNN (boxes, labels, scores, keypoints, keypoints_scores)',
  });
  const names = KEYPOINT_ROLES.map((r) => outputs[r.role]);
  return {
    family: 'torchvision-keypointrcnn',
    settings: { ...s, outputs },
    outputNames: names,
    prepare: (image) => prepareDetectorInput(image, s),
    check(produced) {
      const [boxes, labels, scores, keypoints, keypointScores] = names.map((n) => requireOutput(produced, n, runtime));
      const batched = boxes.dims.length === 3;
      const lead = batched ? [1] : [];
      requireShape(boxes, outputs.boxes, [...lead, null, 4], runtime);
      const n = boxes.dims[lead.length];
      requireShape(labels, outputs.labels, [...lead, n], runtime, 'one label per box');
      requireShape(scores, outputs.scores, [...lead, n], runtime, 'one score per box');
      requireShape(keypoints, outputs.keypoints, [...lead, n, null, 3], runtime, 'K keypoints (x, y, visibility) per box');
      requireShape(keypointScores, outputs.keypoints_scores, [...lead, n, keypoints.dims[lead.length + 1]], runtime, 'one score per keypoint');
    },
    decode(produced, transform) {
      const [boxes, labels, scores, keypoints, keypointScores] = names.map((n) => toNumbers(produced[n]));
      const k = keypointScores.length / Math.max(1, scores.length);
      const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
      const people: PosePerson[] = [];
      const pixel = (x: number, y: number): [number, number] => [(x - transform.padLeft) / transform.scaleX, (y - transform.padTop) / transform.scaleY];
      for (const i of order) {
        if (people.length >= s.maxDetections) break;
        if (labels[i] !== PERSON_CATEGORY_ID) continue;
        if (s.scoreThreshold > 0 && !(scores[i] > s.scoreThreshold)) continue;
        const flat: number[] = [];
        for (let j = 0; j < k; j++) {
          const at = (i * k + j) * 3;
          flat.push(...pixel(keypoints[at], keypoints[at + 1]), sigmoid(keypointScores[i * k + j]));
        }
        const corners = [boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]] as const;
        people.push({ categoryId: PERSON_CATEGORY_ID, keypoints: flat, score: scores[i], bbox: toOriginalBox(corners, transform) });
      }
      return people;
    },
  };
}
