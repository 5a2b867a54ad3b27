import type { Detection } from '../../tasks/detection/types.js';
import { nms, type NmsCandidate } from '../calculators/nms.js';
import { cxcywhToCorners, toOriginalBox } from '../calculators/rescale.js';
import { toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import type { DetectorConfig } from './detector-config.js';
import { categoryOf, detectorLabels, classCount, prepareDetectorInput, resolveDetectorSettings, type DetectorSettings } from './detector-settings.js';
import { requireOutput, requireOutputName, requireShape } from './output-checks.js';

/**
 * Ultralytics heads, boxes as centre x, y, width, height in input pixels:
 * yolov5 [1, N, 5 + C]: box, objectness, C class scores; score = objectness × class score.
 * yolov8 [1, 4 + C, N]: box, C class scores (YOLOv8, v9, v10-with-NMS-head excluded, v11).
 */
interface Layout {
  anchors: number;
  /** Reads value k (0–3 box, then the class scores) of anchor i. */
  at: (i: number, k: number) => number;
  objectness: ((i: number) => number) | null;
}

function layoutOf(s: DetectorSettings, t: Tensor): Layout {
  const v = toNumbers(t);
  if (s.format === 'yolov5') {
    const width = t.dims[2];
    return {
      anchors: t.dims[1],
      at: (i, k) => v[i * width + (k < 4 ? k : k + 1)],
      objectness: (i) => v[i * width + 4],
    };
  }
  const n = t.dims[2];
  return { anchors: n, at: (i, k) => v[k * n + i], objectness: null };
}

export function yoloAdapter(runtime: Runtime, config: DetectorConfig, configFile?: string): Adapter<Detection[]> {
  const s = resolveDetectorSettings(config, runtime, configFile);
  const outputName = requireOutputName(runtime, (config.format === 'torchvision' ? undefined : config.output) ?? runtime.outputs[0]?.name);
  const count = classCount(s);
  const extra = s.format === 'yolov5' ? 5 : 4;
  const expected = s.format === 'yolov5' ? [1, null, count === null ? 'C' : extra + count] : [1, count === null ? '4+C' : extra + count, null];
  return {
    family: s.format,
    labels: detectorLabels(s, configFile),
    settings: { ...s, output: outputName },
    outputNames: [outputName],
    prepare: (image) => prepareDetectorInput(image, s),
    check(outputs) {
      const t = requireOutput(outputs, outputName, runtime);
      const transposed = s.format === 'yolov8' && count !== null && t.dims.length === 3 && t.dims[2] === extra + count;
      const hint = transposed ? `this looks like [1, N, 4 + C]; ${s.format} expects [1, 4 + C, N]` : `${count ?? 'C'} classes from the class map`;
      requireShape(t, outputName, expected, runtime, hint);
      const classes = s.format === 'yolov5' ? t.dims[2] - 5 : t.dims[1] - 4;
      if (classes < 1) requireShape(t, outputName, [1, null, 'C ≥ 1'], runtime, 'no class scores');
    },
    decode(outputs, transform) {
      const t = outputs[outputName];
      const classes = s.format === 'yolov5' ? t.dims[2] - 5 : t.dims[1] - 4;
      const { anchors, at, objectness } = layoutOf(s, t);
      const candidates: NmsCandidate[] = [];
      for (let i = 0; i < anchors; i++) {
        const obj = objectness ? objectness(i) : 1;
        // Ultralytics v5 first drops anchors whose objectness is not above the threshold.
        if (objectness && !(obj > s.scoreThreshold)) continue;
        let box: ReturnType<typeof cxcywhToCorners> | undefined;
        let bestScore = -Infinity;
        let bestClass = -1;
        for (let c = 0; c < classes; c++) {
          const score = obj * at(i, 4 + c);
          if (s.multiLabel) {
            if (score > s.scoreThreshold) {
              box ??= cxcywhToCorners(at(i, 0), at(i, 1), at(i, 2), at(i, 3));
              candidates.push({ box, score, label: c });
            }
          } else if (score > bestScore) {
            bestScore = score;
            bestClass = c;
          }
        }
        if (!s.multiLabel && bestScore > s.scoreThreshold) {
          candidates.push({ box: cxcywhToCorners(at(i, 0), at(i, 1), at(i, 2), at(i, 3)), score: bestScore, label: bestClass });
        }
      }
      const kept = nms(candidates, s);
      const detections: Detection[] = [];
      for (const k of kept) {
        const c = candidates[k];
        const categoryId = categoryOf(s, c.label);
        if (categoryId === undefined) continue;
        detections.push({ categoryId, score: c.score, bbox: toOriginalBox(c.box, transform) });
      }
      return detections;
    },
  };
}
