import type { Detection } from '../../tasks/detection/types.js';
import { toOriginalBox } from '../calculators/rescale.js';
import { toNumbers, type Runtime } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import type { DetectorConfig } from './detector-config.js';
import { categoryOf, detectorLabels, prepareDetectorInput, resolveDetectorSettings } from './detector-settings.js';
import { requireOutput, requireShape } from './output-checks.js';
import { DETECTION_ROLES, identifyOutputs } from './torchvision-outputs.js';

/**
 * torchvision detection graphs (Faster/Mask/Keypoint R-CNN, RetinaNet, SSD, SSDlite, FCOS
 * exported with torch.onnx): input [3, H, W] or [1, 3, H, W] in 0–1, NMS inside the graph,
 * outputs boxes [N, 4] (x1, y1, x2, y2 in input pixels), labels [N] (COCO ids), scores [N], in
 * an order that depends on the model: they are told apart by type and shape (torchvision-outputs.ts).
 */
export function torchvisionAdapter(runtime: Runtime, config: DetectorConfig, configFile?: string): Adapter<Detection[]> {
  const s = resolveDetectorSettings(config, runtime, configFile);
  const configured = config.format === 'torchvision' ? config.outputs : undefined;
  const outputs = identifyOutputs(runtime.outputs, DETECTION_ROLES, configured, { file: runtime.file, configFile, what: 'a torchvision detector (boxes, labels, scores)' });
  return {
    family: 'torchvision',
    labels: detectorLabels(s, configFile),
    settings: { ...s, outputs },
    outputNames: [outputs.boxes, outputs.labels, outputs.scores],
    prepare: (image) => prepareDetectorInput(image, s),
    check(produced) {
      const boxes = requireOutput(produced, outputs.boxes, runtime);
      const labels = requireOutput(produced, outputs.labels, runtime);
      const scores = requireOutput(produced, outputs.scores, runtime);
      // A leading batch axis of 1 is accepted on all three.
      const batched = boxes.dims.length === 3;
      requireShape(boxes, outputs.boxes, batched ? [1, null, 4] : [null, 4], runtime);
      const n = boxes.dims[batched ? 1 : 0];
      requireShape(labels, outputs.labels, batched ? [1, n] : [n], runtime, 'one label per box');
      requireShape(scores, outputs.scores, batched ? [1, n] : [n], runtime, 'one score per box');
    },
    decode(produced, transform) {
      const boxes = toNumbers(produced[outputs.boxes]);
      const labels = toNumbers(produced[outputs.labels]);
      const scores = toNumbers(produced[outputs.scores]);
      const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
      const detections: Detection[] = [];
      for (const i of order) {
        if (detections.length >= s.maxDetections) break;
        if (s.scoreThreshold > 0 && !(scores[i] > s.scoreThreshold)) continue;
        const categoryId = categoryOf(s, labels[i]);
        if (categoryId === undefined) continue;
        const corners = [boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]] as const;
        detections.push({ categoryId, score: scores[i], bbox: toOriginalBox(corners, transform) });
      }
      return detections;
    },
  };
}
