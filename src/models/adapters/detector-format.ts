import { formatTensorInfo, type Runtime } from '../runtimes/runtime.js';
import type { DetectorFormat } from './detector-config.js';
import { DETECTION_ROLES, looksLike } from './torchvision-outputs.js';

/**
 * The detector format a graph's outputs identify as without any config: torchvision's boxes,
 * labels (int64) and scores tell themselves apart. A YOLO head is one float tensor whose
 * layout (v5 or v8) and class map only the user knows, so it is never guessed.
 */
export function guessDetectorFormat(runtime: Runtime): DetectorFormat | undefined {
  return looksLike(runtime.outputs, DETECTION_ROLES) ? 'torchvision' : undefined;
}

/** What the outputs suggest, for the missing-format error: ". The outputs … look like yolov8's …". */
export function detectorFormatHint(runtime: Runtime): string {
  const outputs = runtime.outputs;
  const listed = `. The model's outputs: ${outputs.map(formatTensorInfo).join('; ') || 'none'}`;
  const head = outputs[0]?.dims;
  if (outputs.length === 1 && head?.length === 3 && typeof head[1] === 'number' && typeof head[2] === 'number') {
    const guess = head[1] < head[2] ? 'yolov8 ([1, 4 + C, N])' : 'yolov5 ([1, N, 5 + C])';
    return `${listed}, which looks like ${guess}: e.g. {"format": "${guess.split(' ')[0]}"}`;
  }
  return listed;
}
